import type { ThrottleCounters } from '../../store/types.ts';
import { sha256Hex } from '../secrets.ts';
import { AttemptThrottle } from './AttemptThrottle.ts';
import type { AuthThrottleConfig } from './authThrottleConfig.ts';

/** A login attempt: the username typed (whether it exists or not) and the client's address. */
export interface LoginAttempt {
  username: string;
  address: string;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const LOGIN_PREFIX = 'login';

/**
 * An account's counters share one key prefix, so a password reset can clear them from every
 * address at once. The username is hashed: a password typed in the username field by mistake
 * does not sit in the store in clear.
 */
const accountKey = (username: string) => `acct:${sha256Hex(username)}`;

/**
 * The limits on logins and bearer tokens (docs/configuration.md, "Login throttling"):
 * per account and address (the guesser), the same over a day (blocks that repeat grow to a day),
 * per account from every address (a guesser with many addresses), per address over every
 * account (one address trying many usernames); and unknown bearer tokens per address.
 */
export function createAuthThrottles(counters: ThrottleCounters, clock: () => number, config: AuthThrottleConfig) {
  const window = config.login.windowMinutes * 60;
  const login = new AttemptThrottle<LoginAttempt>(counters, clock, LOGIN_PREFIX, [
    { name: 'account+address', maxFailures: config.login.maxFailures, windowSeconds: window, blockSeconds: window, resetOnSuccess: true, key: (a) => `${accountKey(a.username)}:pair:${a.address}` },
    { name: 'account+address/day', maxFailures: config.login.maxFailuresPerDay, windowSeconds: DAY, blockSeconds: DAY, resetOnSuccess: true, key: (a) => `${accountKey(a.username)}:day:${a.address}` },
    { name: 'account', maxFailures: config.login.maxFailuresPerAccount, windowSeconds: HOUR, blockSeconds: HOUR, resetOnSuccess: true, key: (a) => `${accountKey(a.username)}:all` },
    { name: 'address', maxFailures: config.login.maxFailuresPerAddress, windowSeconds: HOUR, blockSeconds: HOUR, resetOnSuccess: false, key: (a) => `addr:${a.address}` },
  ]);
  const bearer = new AttemptThrottle<string>(counters, clock, 'bearer', [
    { name: 'bearer/address', maxFailures: config.badTokensPerAddress, windowSeconds: 10 * 60, blockSeconds: HOUR, resetOnSuccess: false, key: (address) => `addr:${address}` },
  ]);
  return { login, bearer };
}

export type AuthThrottles = ReturnType<typeof createAuthThrottles>;

/** Clears an account's login counters from every address (a password reset); returns how many. */
export function forgetLoginFailures(counters: ThrottleCounters, username: string): Promise<number> {
  return counters.deleteThrottleCounters(`${LOGIN_PREFIX}:${accountKey(username)}:`);
}
