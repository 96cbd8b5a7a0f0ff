import type { ThrottleCounters } from '../../store/types.ts';
import { AttemptThrottle } from './AttemptThrottle.ts';
import type { AuthThrottleConfig } from './authThrottleConfig.ts';
import { loginAccount, unkeyedLoginAccount, type LoginAccountHasher } from './loginAccount.ts';

/**
 * A login attempt: the account the username typed names (whether it exists or not), as
 * `loginAccount` digests it (resolved before the throttle's key functions, which are
 * synchronous), and the client's address.
 */
export interface LoginAttempt {
  account: string;
  address: string;
  /**
   * The device id of a valid known-device cookie for this account (knownDevice.ts): the browser
   * signed in to it before. Such an attempt is not held to the account-wide rule (which anyone can
   * fill from many addresses to lock the owner out), only to its own per-device limit.
   */
  knownDevice?: string | undefined;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const LOGIN_PREFIX = 'login';

/**
 * An account's counters share one key prefix, so a password reset can clear them from every
 * address at once. The username is digested with a key (loginAccount.ts): a password typed in
 * the username field by mistake sits in the store neither in clear nor as a plain SHA-256.
 */
const accountKey = (account: string) => `acct:${account}`;

/**
 * The limits on logins and bearer tokens (docs/configuration.md, "Login throttling"):
 * per account and address (the guesser), the same over a day (blocks that repeat grow to a day),
 * per account from every address (a guesser with many addresses) unless the browser signed in to
 * it before (then per account and device instead, so nobody can lock the owner out), per address over every
 * account (one address trying many usernames); and unknown bearer tokens per address.
 */
export function createAuthThrottles(counters: ThrottleCounters, clock: () => number, config: AuthThrottleConfig) {
  const window = config.login.windowMinutes * 60;
  const login = new AttemptThrottle<LoginAttempt>(counters, clock, LOGIN_PREFIX, [
    { name: 'account+address', maxFailures: config.login.maxFailures, windowSeconds: window, blockSeconds: window, resetOnSuccess: true, key: (a) => `${accountKey(a.account)}:pair:${a.address}` },
    { name: 'account+address/day', maxFailures: config.login.maxFailuresPerDay, windowSeconds: DAY, blockSeconds: DAY, resetOnSuccess: true, key: (a) => `${accountKey(a.account)}:day:${a.address}` },
    {
      name: 'account',
      maxFailures: config.login.maxFailuresPerAccount,
      windowSeconds: HOUR,
      blockSeconds: HOUR,
      resetOnSuccess: true,
      key: (a) => `${accountKey(a.account)}:all`,
      appliesTo: (a) => a.knownDevice === undefined,
    },
    {
      name: 'account+device',
      maxFailures: config.login.maxFailures,
      windowSeconds: window,
      blockSeconds: window,
      resetOnSuccess: true,
      key: (a) => `${accountKey(a.account)}:device:${a.knownDevice}`,
      appliesTo: (a) => a.knownDevice !== undefined,
    },
    { name: 'address', maxFailures: config.login.maxFailuresPerAddress, windowSeconds: HOUR, blockSeconds: HOUR, resetOnSuccess: false, key: (a) => `addr:${a.address}` },
  ]);
  const bearer = new AttemptThrottle<string>(counters, clock, 'bearer', [
    { name: 'bearer/address', maxFailures: config.badTokensPerAddress, windowSeconds: 10 * 60, blockSeconds: HOUR, resetOnSuccess: false, key: (address) => `addr:${address}` },
  ]);
  return { login, bearer };
}

export type AuthThrottles = ReturnType<typeof createAuthThrottles>;

/**
 * Clears an account's login counters from every address (a password reset); returns how many.
 * Both forms go: the keyed one, and the unkeyed one of counters kept before it (or while an
 * instance could not read the key).
 */
export async function forgetLoginFailures(counters: ThrottleCounters, hasher: LoginAccountHasher, username: string): Promise<number> {
  const accounts = new Set([await loginAccount(hasher, username), unkeyedLoginAccount(username)]);
  let cleared = 0;
  for (const account of accounts) cleared += await counters.deleteThrottleCounters(`${LOGIN_PREFIX}:${accountKey(account)}:`);
  return cleared;
}
