import type { ServiceContext } from '../context.ts';
import type { User } from '../store/types.ts';
import { hashPassword } from './passwords.ts';
import { oneTimePassword } from './secrets.ts';
import { forgetLoginFailures } from './throttle/authThrottles.ts';
import { endLoginSessionsOf } from './endLoginSessions.ts';
import type { LoginAccountHasher } from './throttle/loginAccount.ts';

export interface PasswordReset {
  user: User;
  /** The new password, to show once; only its hash is stored. */
  password: string;
  /** Login throttling counters of the account that were cleared (blocks from every address). */
  countersCleared: number;
  /** Browser sessions of the user that were ended. */
  sessionsEnded: number;
  /** API tokens of the user that were revoked. */
  tokensRevoked: number;
}

/**
 * Gives an account a new random password and lifts its login blocks, for an admin locked out
 * (`griot users reset-password`) or a user who forgot theirs (an admin, from the users screen).
 * The password was seen by someone else: the user must choose their own at the next login, and
 * their open sessions end. Their API tokens are revoked too: a reset is what an admin does after
 * an account was taken over, and a token made by whoever took it would otherwise outlive the
 * new password (a user who merely forgot theirs makes new tokens). Null when no user has that name.
 * `hasher`: the analytics key's, with which the login counters name the account.
 */
export async function resetPassword(ctx: ServiceContext, username: string, actor: string, hasher: LoginAccountHasher): Promise<PasswordReset | null> {
  const user = await ctx.store.getUserByName(username);
  if (!user) return null;
  const password = oneTimePassword();
  // Only the password and its flag, on the user as stored once hashed: an admin's change meanwhile stays.
  const changed = await ctx.store.patchUser(user.id, { passwordHash: await hashPassword(password), mustChangePassword: true });
  if (!changed) return null;
  const countersCleared = await forgetLoginFailures(ctx.store, hasher, username);
  const sessionsEnded = await endLoginSessionsOf(ctx, user.id);
  const tokensRevoked = await ctx.store.deleteTokensOf(user.id);
  await ctx.audit.record({ actor, action: 'user.resetPassword', target: `user:${user.id}`, details: { username, throttleCountersCleared: countersCleared, sessionsEnded, tokensRevoked } });
  return { user: changed, password, countersCleared, sessionsEnded, tokensRevoked };
}
