import type { ServiceContext } from '../context.ts';
import type { User } from '../store/types.ts';
import { forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import type { Principal } from './principal.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { randomSecret, sameSecret, sha256Hex } from './secrets.ts';
import { publicUser, type PublicUser } from './publicUser.ts';

/** How long a browser stays logged in. */
export const LOGIN_SESSION_HOURS = 12;
const TOKEN_PREFIX = 'griot_';
const ADMIN_TOKEN_PRINCIPAL = 'admin-token';

export interface AuthServiceOptions {
  /** `GRIOT_ADMIN_TOKEN`: accepted as an admin bearer token. */
  adminToken?: string | undefined;
}

export interface LoginResult {
  /** The cookie value; the store keeps only its SHA-256. */
  cookieValue: string;
  expiresAt: string;
  user: PublicUser;
}

function principalOf(user: User, via: Principal['via'], credentialId: string): Principal {
  return { userId: user.id, username: user.username, displayName: user.displayName, roles: user.roles, via, credentialId };
}

/**
 * Token ids start with their owner's user id (`tok_<userId>_<random>`): the store finds tokens
 * by hash only, and this lets `DELETE /api/tokens/:id` check ownership without a look-up.
 */
const tokenOwner = (tokenId: string) => /^tok_(.+)_[A-Za-z0-9-]+$/.exec(tokenId)?.[1];

export type AuthService = ReturnType<typeof createAuthService>;

/** Password login with server-side sessions, API tokens, and the operator's admin token. */
export function createAuthService(ctx: ServiceContext, options: AuthServiceOptions = {}) {
  // Verifying against a throw-away hash when the user does not exist keeps timing even.
  const dummyHash = hashPassword(randomSecret());

  async function login(username: string, password: string): Promise<LoginResult> {
    const user = await ctx.store.getUserByName(username);
    const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
    if (!user || !ok) {
      await ctx.audit.record({ actor: username, action: 'auth.loginFailed', target: `user:${user?.id ?? username}` });
      throw unauthenticated('wrong username or password');
    }
    const cookieValue = randomSecret();
    const createdAt = ctx.now();
    const expiresAt = new Date(Date.parse(createdAt) + LOGIN_SESSION_HOURS * 3600_000).toISOString();
    await ctx.store.putLoginSession({ id: sha256Hex(cookieValue), userId: user.id, createdAt, expiresAt });
    await ctx.audit.record({ actor: user.username, action: 'auth.login', target: `user:${user.id}` });
    return { cookieValue, expiresAt, user: publicUser(user) };
  }

  async function logout(principal: Principal): Promise<void> {
    if (principal.via === 'session') await ctx.store.deleteLoginSession(principal.credentialId);
  }

  async function fromCookie(cookieValue: string): Promise<Principal | null> {
    const id = sha256Hex(cookieValue);
    const session = await ctx.store.getLoginSession(id, ctx.now());
    if (!session) return null;
    const user = await ctx.store.getUser(session.userId);
    return user && !user.disabled ? principalOf(user, 'session', id) : null;
  }

  async function fromBearer(token: string): Promise<Principal | null> {
    if (options.adminToken && sameSecret(token, options.adminToken)) {
      return { userId: ADMIN_TOKEN_PRINCIPAL, username: ADMIN_TOKEN_PRINCIPAL, displayName: 'Admin token', roles: ['admin'], via: 'adminToken', credentialId: ADMIN_TOKEN_PRINCIPAL };
    }
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = await ctx.store.findToken(sha256Hex(token));
    if (!record) return null;
    const user = await ctx.store.getUser(record.userId);
    return user && !user.disabled ? principalOf(user, 'token', record.id) : null;
  }

  async function createToken(principal: Principal, name: string): Promise<{ id: string; name: string; token: string }> {
    if (principal.via === 'adminToken') {
      throw invalid('no_user', 'the admin token belongs to no user: create a user and log in as them to make API tokens');
    }
    const token = randomSecret(TOKEN_PREFIX);
    const id = `tok_${principal.userId}_${randomSecret().slice(0, 12).replace(/_/g, '-')}`;
    await ctx.store.putToken({ id, userId: principal.userId, name, tokenHash: sha256Hex(token), createdAt: ctx.now() });
    await ctx.audit.record({ actor: principal.username, action: 'token.create', target: `token:${id}`, details: { name } });
    return { id, name, token };
  }

  async function revokeToken(principal: Principal, id: string): Promise<void> {
    const owner = tokenOwner(id);
    if (owner !== principal.userId && !principal.roles.includes('admin')) throw forbidden('only the owner of a token or an admin may revoke it');
    if (!(await ctx.store.deleteToken(id))) throw notFound('token_not_found', `no token ${id}`);
    await ctx.audit.record({ actor: principal.username, action: 'token.revoke', target: `token:${id}` });
  }

  return { login, logout, fromCookie, fromBearer, createToken, revokeToken };
}
