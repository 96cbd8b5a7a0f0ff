import { assertPasswordAcceptable } from './passwordPolicy.ts';
import type { ServiceContext } from '../context.ts';
import type { ApiToken, LoginSession, User } from '../store/types.ts';
import { BadInputError, invalid, notFound, throttled, unauthenticated } from '../errors.ts';
import type { Principal } from './principal.ts';
import { hashPassword } from './passwords.ts';
import { createPasswordVerifier } from './passwordVerifier.ts';
import { createAuthThrottles, type LoginAttempt } from './throttle/authThrottles.ts';
import { loginAccount } from './throttle/loginAccount.ts';
import type { ThrottleRefusal } from './throttle/AttemptThrottle.ts';
import type { AuthThrottleConfig } from './throttle/authThrottleConfig.ts';
import { randomSecret, sameSecret, sha256Hex } from './secrets.ts';
import { publicUser, type PublicUser } from './publicUser.ts';
import type { CallerHasher } from '../analytics/CallerHasher.ts';
import { createTokenUseRecorder } from './tokenUseRecorder.ts';
import { knownDeviceOf, maybeDeviceCookie, mintDeviceCookie } from './knownDevice.ts';
import { endLoginSessionsOf } from './endLoginSessions.ts';
import { ADMIN_TOKEN_PRINCIPAL } from './adminTokenPrincipal.ts';
import { refuseDirectionControls } from '../refuseDirectionControls.ts';

/** How long a browser stays logged in. */
export const LOGIN_SESSION_HOURS = 12;
/**
 * How long an API token opens the API unless its maker chose otherwise: a leaked token stops
 * working by itself within a quarter, the rotation most security policies ask for. A token that
 * never expires must be asked for (`expiresInDays: null`).
 */
export const DEFAULT_TOKEN_DAYS = 90;
const TOKEN_PREFIX = 'griot_';

export interface AuthServiceOptions {
  /** `GRIOT_ADMIN_TOKEN`: accepted as an admin bearer token. */
  adminToken?: string | undefined;
  /** Limits on failed logins and unknown bearer tokens (GRIOT_LOGIN_*, GRIOT_BAD_TOKENS_PER_ADDRESS). */
  throttle: AuthThrottleConfig;
  /**
   * Keyed digests: a failed login's unknown username is audited as one, never as typed, and the
   * login counters name accounts by one (throttle/loginAccount.ts).
   */
  hasher?: Promise<CallerHasher>;
  /**
   * `GRIOT_LOGIN_IDLE_MINUTES`: a browser session no request of its user used for this long ends
   * (a session left open on a shared computer); 0 or absent: only the 12-hour limit.
   */
  idleMinutes?: number;
}

/**
 * How stale a session's last use may be before a request writes it again: one store write a
 * minute per signed-in browser at most, for an idle timeout counted in minutes.
 */
export const SESSION_TOUCH_MS = 60_000;

export interface LoginResult {
  /** The cookie value; the store keeps only its SHA-256. */
  cookieValue: string;
  expiresAt: string;
  user: PublicUser;
  /** A new known-device cookie for this browser and account (knownDevice.ts); absent without a key. */
  deviceCookieValue?: string;
}

/**
 * Only a browser session is held to a printed password: the flag says the password is known to
 * someone else (the console, the admin who reset it), and a session is what that password opens.
 * API tokens are credentials of their own; they can only be made once the password was changed.
 */
function principalOf(user: User, via: Principal['via'], credentialId: string): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    via,
    credentialId,
    ...(via === 'session' && user.mustChangePassword ? { mustChangePassword: true } : {}),
    ...(user.queues ? { queues: user.queues } : {}),
  };
}

/** An API token as its owner (or an admin) sees it: never its hash. */
export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  userId: string;
  /** The owner's username, or null when that user no longer exists. */
  username: string | null;
  /** When it stops working; null: never. */
  expiresAt: string | null;
}

/** What a user asks for when changing their own password. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** Keep the user's API tokens working (default: they are all revoked). */
  keepApiTokens?: boolean;
}

/** A password changed: the user, and how many of their other credentials stopped working. */
export interface PasswordChanged {
  user: PublicUser;
  /** Their other browser sessions, logged out. */
  sessionsEnded: number;
  /** Their API tokens, revoked (0 when they asked to keep them). */
  tokensRevoked: number;
}

/** A token as shown once, at its creation. */
export interface CreatedTokenView {
  id: string;
  name: string;
  token: string;
  expiresAt: string | null;
}

/** Whether a token no longer opens anything at `now`. */
const expired = (token: ApiToken, now: string) => token.expiresAt !== undefined && token.expiresAt <= now;

/**
 * Token ids start with their owner's user id (`tok_<userId>_<random>`): the store finds tokens
 * by hash only, and this lets `DELETE /api/tokens/:id` check ownership without a look-up.
 */
const tokenOwner = (tokenId: string) => /^tok_(.+)_[A-Za-z0-9-]+$/.exec(tokenId)?.[1];

const inWords = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : seconds < 7200 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds / 3600)} hours`);

function loginThrottled(refusal: ThrottleRefusal) {
  return throttled(
    'login_throttled',
    `too many failed logins (${refusal.rule}): try again in ${inWords(refusal.retryAfterSeconds)}, or ask an admin to reset the password (griot users reset-password <username>)`,
    refusal.retryAfterSeconds,
    { rule: refusal.rule },
  );
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Password login with server-side sessions, API tokens, and the operator's admin token. */
export function createAuthService(ctx: ServiceContext, options: AuthServiceOptions) {
  // Verifying against a throw-away hash when the user does not exist keeps timing even.
  const dummyHash = hashPassword(randomSecret());
  const verify = createPasswordVerifier({ concurrency: options.throttle.verifyConcurrency, queue: options.throttle.verifyQueue });
  const throttles = createAuthThrottles(ctx.store, () => Date.parse(ctx.now()), options.throttle);
  const tokenUsed = createTokenUseRecorder(ctx.store, ctx.logger);

  /**
   * Checks a password, throttled before any hashing: a blocked attempt costs two store reads.
   * `address` is the client's (clientAddress); every answer is the same whether the username
   * exists or not. Failures are audited as `failedAction` and count towards the login limits,
   * whichever route checked the password (login, or a password change guessing the current one).
   * `deviceCookie`: the browser's known-device cookie, if any; valid for this account and its
   * user as they are now (knownDevice.ts), it spares the attempt the account-wide limit (not the
   * others). Only a well-formed cookie costs a look-up of the user before the throttle.
   */
  async function checkPassword(username: string, password: string, address: string, failedAction: string, deviceCookie?: string): Promise<{ user: User; account: string; knownDevice: boolean }> {
    const account = await loginAccount(options.hasher, username);
    const deviceUser = maybeDeviceCookie(deviceCookie) ? await ctx.store.getUserByName(username) : null;
    const attempt: LoginAttempt = { account, address, knownDevice: await knownDeviceOf(options.hasher, account, deviceUser, deviceCookie, ctx.now()) };
    const refusal = await throttles.login.refusal(attempt);
    if (refusal) throw loginThrottled(refusal);
    const { refusal: raced, counted } = await throttles.login.count(attempt);
    if (raced) throw loginThrottled(raced);
    let user: User | null;
    let ok: boolean;
    try {
      user = await ctx.store.getUserByName(username);
      if (user && !user.disabled) {
        ok = await verify(user.passwordHash, password);
      } else {
        // Hash anyway: an unknown or disabled username takes as long to refuse as a wrong password.
        await verify(await dummyHash, password);
        ok = false;
      }
    } catch (error) {
      await throttles.login.uncount(attempt, counted);
      throw error;
    }
    if (!user || !ok) {
      const blocks = await throttles.login.failed(attempt, counted);
      const { actor, target } = user ? { actor: user.username, target: `user:${user.id}` } : await unknownUsername(username);
      await ctx.audit.record({ actor, action: failedAction, target, details: { address } });
      for (const block of blocks) {
        await ctx.audit.record({ actor, action: 'auth.throttled', target, details: { address, rule: block.rule, blockedForSeconds: block.retryAfterSeconds } });
      }
      throw unauthenticated('wrong username or password');
    }
    await throttles.login.succeeded(attempt, counted);
    return { user, account, knownDevice: attempt.knownDevice !== undefined };
  }

  /**
   * How the audit log names a username that names no user: a keyed digest, never the text (it
   * may be a password typed in the wrong field); `username:unknown` if no key can be had.
   */
  async function unknownUsername(typed: string): Promise<{ actor: string; target: string }> {
    const digest = await options.hasher?.then(
      (hasher) => hasher.typedUsername(typed),
      () => undefined,
    );
    return { actor: 'anonymous', target: `username:${digest ? `#${digest}` : 'unknown'}` };
  }

  /**
   * `previousCookie`: the session cookie the browser sent with the login, if any. The new session
   * replaces it: the old one ends rather than staying valid for the rest of its 12 hours with
   * nobody's browser holding it (a second user signing in on a shared computer, or a copy of the
   * cookie taken before).
   */
  async function login(username: string, password: string, address = 'unknown', deviceCookie?: string, previousCookie?: string): Promise<LoginResult> {
    const { user, account, knownDevice } = await checkPassword(username, password, address, 'auth.loginFailed', deviceCookie);
    const cookieValue = randomSecret();
    const createdAt = ctx.now();
    const expiresAt = new Date(Date.parse(createdAt) + LOGIN_SESSION_HOURS * 3600_000).toISOString();
    await ctx.store.putLoginSession({ id: sha256Hex(cookieValue), userId: user.id, createdAt, expiresAt });
    // Read after the write: the user's sessions ended (an admin's « Fermer ses sessions… ») or the
    // account disabled while the password was being checked end this one too (endLoginSessions.ts).
    const now = await ctx.store.getUser(user.id);
    if (!now || now.disabled || now.sessionsEpoch !== user.sessionsEpoch) {
      await ctx.store.deleteLoginSession(sha256Hex(cookieValue));
      await ctx.audit.record({ actor: user.username, action: 'auth.loginEnded', target: `user:${user.id}`, details: { address } });
      throw unauthenticated('your sessions were ended (or your account disabled) while you signed in: sign in again, or ask an administrator');
    }
    const replaced = previousCookie ? await ctx.store.getLoginSession(sha256Hex(previousCookie), createdAt) : null;
    if (replaced) await ctx.store.deleteLoginSession(replaced.id);
    await ctx.audit.record({
      actor: user.username,
      action: 'auth.login',
      target: `user:${user.id}`,
      details: { address, ...(knownDevice ? { knownDevice: true } : {}), ...(replaced ? { replacedSessionOf: `user:${replaced.userId}` } : {}) },
    });
    const deviceCookieValue = await mintDeviceCookie(options.hasher, account, user, createdAt);
    return { cookieValue, expiresAt, user: publicUser(user), ...(deviceCookieValue ? { deviceCookieValue } : {}) };
  }

  /**
   * A user changes their own password: the current one is checked like a login (same limits,
   * so this route cannot be used to guess it), the must-change flag is cleared, every other
   * browser session of theirs is logged out and, unless they ask to keep them, every API token
   * of theirs is revoked: whoever took the account over may have minted tokens, and a new
   * password that left those working would end nothing. 403 `wrong_password` for a wrong current
   * password: the caller is logged in, so 401 would wrongly say they are not.
   */
  async function changePassword(principal: Principal, change: PasswordChange, address = 'unknown', deviceCookie?: string): Promise<PasswordChanged> {
    const { currentPassword, newPassword, keepApiTokens = false } = change;
    if (principal.via === 'adminToken') {
      throw invalid('no_user', 'the admin token belongs to no user and has no password: log in as a user to change theirs');
    }
    if (currentPassword === newPassword) throw invalid('same_password', 'the new password must differ from the current one', { field: 'newPassword' });
    assertPasswordAcceptable(newPassword, principal.username, 'newPassword');
    let user: User;
    try {
      ({ user } = await checkPassword(principal.username, currentPassword, address, 'user.passwordChangeFailed', deviceCookie));
    } catch (error) {
      if (error instanceof BadInputError && error.reason === 'unauthenticated') {
        throw new BadInputError('forbidden', 'wrong_password', 'the current password is wrong', { field: 'currentPassword' });
      }
      throw error;
    }
    // Only the password and its flag are written, on the user as stored once hashed: an admin's
    // change meanwhile (the account disabled, its queues) stays.
    const changed = await ctx.store.patchUser(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
    if (!changed) throw notFound('user_not_found', `no user ${user.username}`);
    const sessionsEnded = await endLoginSessionsOf(ctx, user.id, principal.via === 'session' ? principal.credentialId : undefined);
    const tokensRevoked = keepApiTokens ? 0 : await ctx.store.deleteTokensOf(user.id);
    await ctx.audit.record({
      actor: user.username,
      action: 'user.changePassword',
      target: `user:${user.id}`,
      details: { address, via: principal.via, sessionsEnded, tokensRevoked, ...(keepApiTokens ? { keptApiTokens: true } : {}) },
    });
    return { user: publicUser(changed), sessionsEnded, tokensRevoked };
  }

  /**
   * Ends the browser session that made the call, audited like the login that opened it (who,
   * when, from where). A call with a token ends nothing, and leaves nothing in the audit log.
   */
  async function logout(principal: Principal, address = 'unknown'): Promise<void> {
    if (principal.via !== 'session') return;
    await ctx.store.deleteLoginSession(principal.credentialId);
    await ctx.audit.record({ actor: principal.username, action: 'auth.logout', target: `user:${principal.userId}`, details: { address } });
  }

  /**
   * Ends every browser session of the caller, the one making the call included, and, when asked,
   * revokes every API token of theirs: for someone who left a session open on a shared computer,
   * or whose cookie may have been copied, without having to change a password that was not the
   * problem. Open event streams of those sessions end at their next re-check. Audited with how
   * many of each ended. The admin token belongs to no user: 400 `no_user`.
   */
  async function logoutEverywhere(principal: Principal, options: { revokeApiTokens?: boolean } = {}, address = 'unknown'): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
    if (principal.via === 'adminToken') {
      throw invalid('no_user', "the admin token belongs to no user and opens no session: log in as a user to end theirs (an admin ends another user's with POST /api/users/:id/end-sessions)");
    }
    const sessionsEnded = await endLoginSessionsOf(ctx, principal.userId);
    const tokensRevoked = options.revokeApiTokens ? await ctx.store.deleteTokensOf(principal.userId) : 0;
    await ctx.audit.record({
      actor: principal.username,
      action: 'auth.logoutEverywhere',
      target: `user:${principal.userId}`,
      details: { address, via: principal.via, sessionsEnded, tokensRevoked },
    });
    return { sessionsEnded, tokensRevoked };
  }

  const idleMs = (options.idleMinutes ?? 0) * 60_000;
  // Written at least twice within the timeout: with GRIOT_LOGIN_IDLE_MINUTES=1 a write once a minute would end a session in use.
  const touchMs = idleMs > 0 ? Math.min(SESSION_TOUCH_MS, idleMs / 2) : SESSION_TOUCH_MS;

  /**
   * The login session `id` if it still opens anything at `now`: not expired, and not left unused
   * for the idle timeout, in which case it is ended here (audited `auth.idleTimeout`). Shared by
   * requests and by the streams' re-checks.
   */
  async function liveSession(id: string, now: string): Promise<LoginSession | null> {
    const session = await ctx.store.getLoginSession(id, now);
    if (!session || idleMs <= 0) return session;
    const lastUsedAt = session.lastUsedAt ?? session.createdAt;
    if (Date.parse(now) - Date.parse(lastUsedAt) < idleMs) return session;
    // Ended only if still idle as stored: two requests (two instances) finding it idle at once
    // audit it once, and a use another instance recorded meanwhile keeps it open.
    const cutoff = new Date(Date.parse(now) - idleMs + 1).toISOString();
    if (!(await ctx.store.endIdleLoginSession(id, cutoff))) return ctx.store.getLoginSession(id, now);
    const user = await ctx.store.getUser(session.userId);
    await ctx.audit.record({ actor: user?.username ?? 'system', action: 'auth.idleTimeout', target: `user:${session.userId}`, details: { lastUsedAt, idleMinutes: options.idleMinutes ?? 0 } });
    return null;
  }

  /**
   * The principal of a session cookie, or null. `used`: the request is one its user made (not one
   * their page made by itself, a poll): it counts as use for the idle timeout.
   */
  async function fromCookie(cookieValue: string, used = true): Promise<Principal | null> {
    const id = sha256Hex(cookieValue);
    const now = ctx.now();
    const session = await liveSession(id, now);
    if (!session) return null;
    const user = await ctx.store.getUser(session.userId);
    if (!user || user.disabled) return null;
    if (used && Date.parse(now) - Date.parse(session.lastUsedAt ?? session.createdAt) >= touchMs) {
      // Awaited, so the next request on any instance counts from it; a failed write is only logged: the request goes on.
      await ctx.store.touchLoginSession(id, now).catch((error: unknown) => {
        ctx.logger.warn({ event: 'auth.sessionTouchFailed', userId: user.id, err: { message: (error as Error).message } }, 'could not record when a browser session was last used');
      });
    }
    return principalOf(user, 'session', id);
  }

  /**
   * The principal of a bearer token, or null. An address that sent too many unknown tokens is
   * refused (429) before the look-up, valid token or not: guessing goes no further.
   */
  async function fromBearer(token: string, address = 'unknown'): Promise<Principal | null> {
    const refusal = await throttles.bearer.refusal(address);
    if (refusal) {
      throw throttled('token_throttled', `too many unknown bearer tokens from this address: try again in ${inWords(refusal.retryAfterSeconds)}`, refusal.retryAfterSeconds, { rule: refusal.rule });
    }
    const principal = await principalOfBearer(token);
    if (!principal) {
      const { counted } = await throttles.bearer.count(address);
      for (const block of await throttles.bearer.failed(address, counted)) {
        await ctx.audit.record({ actor: 'anonymous', action: 'auth.throttled', target: `address:${address}`, details: { address, rule: block.rule, blockedForSeconds: block.retryAfterSeconds } });
      }
    }
    return principal;
  }

  async function principalOfBearer(token: string): Promise<Principal | null> {
    if (options.adminToken && sameSecret(token, options.adminToken)) {
      return { userId: ADMIN_TOKEN_PRINCIPAL, username: ADMIN_TOKEN_PRINCIPAL, displayName: 'Admin token', roles: ['admin'], via: 'adminToken', credentialId: ADMIN_TOKEN_PRINCIPAL };
    }
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = await ctx.store.findToken(sha256Hex(token));
    const now = ctx.now();
    // An expired token is refused exactly like an unknown one (the same 401, counted alike).
    if (!record || expired(record, now)) return null;
    const user = await ctx.store.getUser(record.userId);
    if (!user || user.disabled) return null;
    tokenUsed(record, now);
    return principalOf(user, 'token', record.id);
  }

  /**
   * The principal as the store has it now, or null when the credential that authenticated it
   * no longer opens anything (logged out, expired, token revoked, user disabled or gone): for
   * what outlives the request that was let in (the inbox's live stream). Roles are re-read.
   */
  async function recheck(principal: Principal): Promise<Principal | null> {
    if (principal.via === 'adminToken') return principal;
    // An open stream is not use: a session idle for the timeout ends, its streams with it.
    if (principal.via === 'session' && !(await liveSession(principal.credentialId, ctx.now()))) return null;
    if (principal.via === 'token') {
      const now = ctx.now();
      if (!(await ctx.store.listTokens({ userId: principal.userId })).some((t) => t.id === principal.credentialId && !expired(t, now))) return null;
    }
    const user = await ctx.store.getUser(principal.userId);
    return user && !user.disabled ? principalOf(user, principal.via, principal.credentialId) : null;
  }

  /**
   * A new API token for the caller, shown once. `expiresInDays`: how long it works (default
   * DEFAULT_TOKEN_DAYS); null for a token that never expires, which must be asked for. Only a
   * signed-in browser session makes tokens: a token minting tokens would let a leaked one
   * outlive its own revocation or expiry through its offspring, and the password change that
   * revokes a user's tokens would have to race the intruder's script.
   */
  async function createToken(principal: Principal, name: string, expiresInDays: number | null = DEFAULT_TOKEN_DAYS): Promise<CreatedTokenView> {
    if (principal.via === 'adminToken') {
      throw invalid('no_user', 'the admin token belongs to no user: create a user and log in as them to make API tokens');
    }
    if (principal.via !== 'session') {
      throw new BadInputError('forbidden', 'token_needs_session', 'an API token cannot make another: sign in (the designer, or POST /api/auth/login) to make one');
    }
    // Listed to admins with everyone's tokens, next to the owner's: a name that would show as another's is refused.
    refuseDirectionControls(name, 'name');
    const token = randomSecret(TOKEN_PREFIX);
    const id = `tok_${principal.userId}_${randomSecret().slice(0, 12).replace(/_/g, '-')}`;
    const createdAt = ctx.now();
    const expiresAt = expiresInDays === null ? null : new Date(Date.parse(createdAt) + expiresInDays * 86_400_000).toISOString();
    await ctx.store.putToken({ id, userId: principal.userId, name, tokenHash: sha256Hex(token), createdAt, ...(expiresAt ? { expiresAt } : {}) });
    // The session that let this request in may have ended since (logged out everywhere, a password
    // changed, the user disabled: on any instance) after that revoked the user's tokens: a token
    // written now would outlive it. Read after the write, so one of the two always sees the other.
    if (!(await ctx.store.getLoginSession(principal.credentialId, ctx.now()))) {
      await ctx.store.deleteToken(id);
      throw unauthenticated('your session ended while the token was being made: sign in again');
    }
    await ctx.audit.record({ actor: principal.username, action: 'token.create', target: `token:${id}`, details: { name, expiresAt } });
    return { id, name, token, expiresAt };
  }

  async function revokeToken(principal: Principal, id: string): Promise<void> {
    const owner = tokenOwner(id);
    if (owner !== principal.userId && !principal.roles.includes('admin')) throw new BadInputError('forbidden', 'token_not_yours', 'only the owner of a token or an admin may revoke it');
    if (!(await ctx.store.deleteToken(id))) throw notFound('token_not_found', `no token ${id}`);
    await ctx.audit.record({ actor: principal.username, action: 'token.revoke', target: `token:${id}` });
  }

  /** The caller's own tokens; an admin's list holds everyone's, with their owner. */
  async function listTokens(principal: Principal): Promise<TokenView[]> {
    const admin = principal.roles.includes('admin');
    const tokens = await ctx.store.listTokens(admin ? {} : { userId: principal.userId });
    const names = new Map(admin ? (await ctx.store.listUsers()).map((u) => [u.id, u.username]) : [[principal.userId, principal.username]]);
    return tokens.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.createdAt,
      ...(t.lastUsedAt ? { lastUsedAt: t.lastUsedAt } : {}),
      userId: t.userId,
      username: names.get(t.userId) ?? null,
      expiresAt: t.expiresAt ?? null,
    }));
  }

  return { login, changePassword, logout, logoutEverywhere, fromCookie, fromBearer, recheck, createToken, listTokens, revokeToken };
}
