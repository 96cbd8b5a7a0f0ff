import type { Actor, ServiceContext } from '../context.ts';
import type { Role, User, UserPatch } from '../store/types.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { refuseDirectionControls, refuseNewQueueDirectionControls } from '../refuseDirectionControls.ts';
import { hashPassword } from './passwords.ts';
import { assertPasswordAcceptable } from './passwordPolicy.ts';
import { endLoginSessionsOf } from './endLoginSessions.ts';
import { ADMIN_TOKEN_PRINCIPAL } from './adminTokenPrincipal.ts';
import { oneTimePassword } from './secrets.ts';
import { resetPassword } from './resetPassword.ts';
import { publicUser, type PublicUser } from './publicUser.ts';
import { forgetLoginFailures } from './throttle/authThrottles.ts';
import type { LoginAccountHasher } from './throttle/loginAccount.ts';

export interface NewUser {
  username: string;
  displayName?: string | undefined;
  /** Absent: Griot makes one up, returns it once, and the user must change it at first login. */
  password?: string | undefined;
  roles: Role[];
  /** Whether the user must choose their own password at first login (always, for a made-up one). */
  mustChangePassword?: boolean | undefined;
  /** The queues they answer as an agent; absent or null: every queue. */
  queues?: string[] | null | undefined;
}

/** A user just created or reset, with the password Griot made up: shown once, never again. */
export type UserWithPassword = PublicUser & { password?: string };

export interface UserChanges {
  roles?: Role[] | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
  displayName?: string | undefined;
  mustChangePassword?: boolean | undefined;
  /** The queues they answer as an agent; null: every queue again. */
  queues?: string[] | null | undefined;
}

/**
 * A queue newly assigned (listed on the users page and to the agent) holding a direction control: 400, unless the user
 * already had it or agents already answer it (a live flow hands over to it, it has settings: `knownQueues`), as a
 * queue's settings and a canned reply's queues: an agent must be able to answer the queue its callers wait in.
 */
async function refuseNewQueueNames(store: ServiceContext['store'], queues: string[] | null | undefined, held: readonly string[]): Promise<void> {
  await refuseNewQueueDirectionControls(
    store,
    (queues ?? []).map((queue) => queue.trim()),
    (i) => `queues.${i}`,
    held,
  );
}

/** The queues as kept: trimmed, without repeats, sorted (the order means nothing). */
const assigned = (queues: string[]) => [...new Set(queues.map((q) => q.trim()).filter((q) => q !== ''))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // code units: localeCompare would load ICU's locale data for the process's life

/** The audit log's actors that are Griot itself, never a user (lower-case): a user by one of these names would pass for it. */
const RESERVED_USERNAMES = new Set(['retention', ADMIN_TOKEN_PRINCIPAL, 'cli', 'anonymous', 'system']);

export type UserService = ReturnType<typeof createUserService>;

export interface UserServiceOptions {
  /** The analytics key's hasher, with which the login counters name accounts (a reset clears them). */
  hasher?: LoginAccountHasher;
}

/** Accounts and their roles (admin only at the API). */
export function createUserService(ctx: ServiceContext, options: UserServiceOptions = {}) {
  async function list(): Promise<PublicUser[]> {
    return (await ctx.store.listUsers()).map(publicUser);
  }

  async function create(actor: Actor, input: NewUser): Promise<UserWithPassword> {
    const wanted = input.username.toLowerCase();
    if (RESERVED_USERNAMES.has(wanted)) {
      throw invalid('username_reserved', `${input.username} names Griot itself in the audit log: choose another username`, { field: 'username', params: { username: input.username } });
    }
    // `Admin` beside `admin` would read as the same person in the audit log. Accounts are few: all are read.
    // Names already taken in two cases (before this check) stay as they are: only new accounts are refused.
    const taken = (await ctx.store.listUsers()).find((u) => u.username.toLowerCase() === wanted);
    if (taken) throw conflict('username_taken', `a user named ${taken.username} exists`, { field: 'username', params: { username: taken.username } });
    refuseDirectionControls(input.displayName, 'displayName');
    await refuseNewQueueNames(ctx.store, input.queues, []);
    if (input.password !== undefined) assertPasswordAcceptable(input.password, input.username, 'password');
    const generated = input.password === undefined ? oneTimePassword() : undefined;
    const user: User = {
      id: ctx.newId(),
      username: input.username,
      displayName: input.displayName ?? input.username,
      passwordHash: await hashPassword(input.password ?? (generated as string)),
      roles: [...new Set(input.roles)],
      createdAt: ctx.now(),
      disabled: false,
      ...(generated !== undefined || input.mustChangePassword ? { mustChangePassword: true } : {}),
      ...(input.queues ? { queues: assigned(input.queues) } : {}),
    };
    // The check above again, with the write, in one step: of two creations at once (`Admin`, `admin`) one is refused.
    await ctx.store.createUser(user);
    await ctx.audit.record({
      actor: actor.username,
      action: 'user.create',
      target: `user:${user.id}`,
      details: {
        username: user.username,
        roles: user.roles,
        passwordGenerated: generated !== undefined,
        mustChangePassword: user.mustChangePassword === true,
        ...(user.queues ? { queues: user.queues } : {}),
      },
    });
    return { ...publicUser(user), ...(generated !== undefined ? { password: generated } : {}) };
  }

  /** An admin gives a user a new password, shown once; the user must change it at next login. */
  async function reset(actor: Actor, id: string): Promise<{ user: PublicUser; password: string }> {
    const user = await ctx.store.getUser(id);
    if (!user) throw notFound('user_not_found', `no user ${id}`);
    const done = await resetPassword(ctx, user.username, actor.username, options.hasher);
    if (!done) throw notFound('user_not_found', `no user ${id}`);
    return { user: publicUser(done.user), password: done.password };
  }

  /** `user` as `patch` leaves it (`undefined`: removed). */
  function withPatch(user: User, patch: UserPatch): User {
    const next: Record<string, unknown> = { ...user, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
    return next as unknown as User;
  }

  /** Refuses to leave the installation without an active admin (the admin token aside). */
  async function assertAdminRemains(changed: User): Promise<void> {
    const users = (await ctx.store.listUsers()).map((u) => (u.id === changed.id ? changed : u));
    const admins = users.filter((u) => u.roles.includes('admin') && !u.disabled);
    if (admins.length === 0) throw conflict('last_admin', 'this change would leave no active admin');
  }

  async function update(actor: Actor, id: string, changes: UserChanges): Promise<PublicUser> {
    const read = await ctx.store.getUser(id);
    if (!read) throw notFound('user_not_found', `no user ${id}`);
    // One's own password changes where the current one is asked for and the other sessions and
    // API tokens end (POST /api/auth/password): here, an intruder holding an admin's session
    // would change it without knowing it, or the admin would keep the intruder's tokens alive.
    if (changes.password !== undefined && actor.username === read.username) {
      throw invalid('own_password_change', 'change your own password with POST /api/auth/password (it asks for the current one and ends your other sessions and API tokens)');
    }
    refuseDirectionControls(changes.displayName, 'displayName', read.displayName);
    await refuseNewQueueNames(ctx.store, changes.queues, read.queues ?? []);
    if (changes.password !== undefined) assertPasswordAcceptable(changes.password, read.username, 'password');
    const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
    // Only the fields this change names are written, on the user as stored then: what another
    // admin (or the user's own password change) wrote while the password was hashed stays.
    const patch: UserPatch = {
      ...(changes.queues === null ? { queues: undefined } : changes.queues ? { queues: assigned(changes.queues) } : {}),
      ...(changes.roles ? { roles: [...new Set(changes.roles)] } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
      // A password an admin typed for someone else is known to that admin: the user replaces it
      // at next login, unless the admin says otherwise.
      ...(changes.mustChangePassword !== undefined
        ? { mustChangePassword: changes.mustChangePassword }
        : changes.password !== undefined && actor.username !== read.username
          ? { mustChangePassword: true }
          : {}),
    };
    const user = passwordHash !== undefined ? await ctx.store.getUser(id) : read;
    if (!user) throw notFound('user_not_found', `no user ${id}`);
    if (user.roles.includes('admin')) await assertAdminRemains(withPatch(user, patch));
    const next = await ctx.store.patchUser(id, patch);
    if (!next) throw notFound('user_not_found', `no user ${id}`);
    // A new password set by an admin lifts the account's login blocks (not its addresses').
    if (changes.password !== undefined) await forgetLoginFailures(ctx.store, options.hasher, user.username);
    const disabling = next.disabled && !user.disabled;
    // Someone else set the password or asked for a new one: the user signs in again and chooses
    // theirs, rather than meeting refusals in a page they had open. A disabled account's sessions
    // end for good: enabling it again does not bring a lost laptop's cookie back.
    const sessionsEnded =
      (actor.username !== user.username && (changes.password !== undefined || (next.mustChangePassword && !user.mustChangePassword))) || disabling ? await endLoginSessionsOf(ctx, user.id) : 0;
    // An admin setting someone's password is a reset (resetPassword.ts): their API tokens go too.
    // So do a disabled account's, for the sessions' reason: enabling it again must not bring back
    // a token left in a departed employee's scripts, nor one made by whoever had taken it over.
    const tokensRevoked = (actor.username !== user.username && changes.password !== undefined) || disabling ? await ctx.store.deleteTokensOf(user.id) : 0;
    await ctx.audit.record({
      actor: actor.username,
      action: 'user.update',
      target: `user:${id}`,
      details: {
        // The name, so the log reads « a désactivé le compte de awa » rather than a user id.
        username: user.username,
        changed: Object.keys(changes).filter((k) => changes[k as keyof UserChanges] !== undefined),
        ...(changes.roles ? { rolesBefore: user.roles } : {}),
        ...(changes.disabled !== undefined ? { disabledBefore: user.disabled } : {}),
        // null: every queue (none assigned).
        ...(changes.queues !== undefined ? { queuesBefore: user.queues ?? null, queues: next.queues ?? null } : {}),
        roles: next.roles,
        disabled: next.disabled,
        mustChangePassword: next.mustChangePassword === true,
        sessionsEnded,
        tokensRevoked,
      },
    });
    return publicUser(next);
  }

  /**
   * An admin ends another user's browser sessions (a laptop stolen, a session left open at a
   * cybercafé) and, when asked, revokes their API tokens, without disabling them: they sign in
   * again with their password. Their open inbox streams end at once (the route tells them).
   * One's own go through POST /api/auth/logout-everywhere, which also clears the caller's cookie.
   */
  async function endSessions(
    actor: Actor,
    id: string,
    options: { revokeApiTokens?: boolean | undefined } = {},
    address = 'unknown',
  ): Promise<{ sessionsEnded: number; tokensRevoked: number; username: string }> {
    const user = await ctx.store.getUser(id);
    if (!user) throw notFound('user_not_found', `no user ${id}`);
    if (actor.username === user.username) {
      throw invalid('own_sessions', 'end your own sessions with POST /api/auth/logout-everywhere (it also clears this browser’s cookie)');
    }
    const sessionsEnded = await endLoginSessionsOf(ctx, user.id);
    const tokensRevoked = options.revokeApiTokens ? await ctx.store.deleteTokensOf(user.id) : 0;
    await ctx.audit.record({
      actor: actor.username,
      action: 'user.endSessions',
      target: `user:${user.id}`,
      details: { username: user.username, address, sessionsEnded, tokensRevoked },
    });
    return { sessionsEnded, tokensRevoked, username: user.username };
  }

  return { list, create, update, reset, endSessions };
}
