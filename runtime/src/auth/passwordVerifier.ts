import pLimit from 'p-limit';
import { DependencyError } from '../errors.ts';
import { verifyPassword } from './passwords.ts';

/**
 * Password checks with a bound on how many run at once. Each argon2 verification takes a core
 * for tens of milliseconds (and 19 MiB); throttling counts per account and address, so a flood
 * from many addresses could still take every core from calls and messages. Beyond
 * `concurrency`, logins wait in line; beyond `queue` waiting, they are refused at once (503)
 * rather than pile up.
 */
export function createPasswordVerifier(options: { concurrency: number; queue: number }) {
  const limit = pLimit(options.concurrency);
  return async function verify(passwordHash: string, password: string): Promise<boolean> {
    if (limit.activeCount >= options.concurrency && limit.pendingCount >= options.queue) {
      throw new DependencyError('unavailable', 'login_busy', 'too many logins are being checked right now: try again in a few seconds', { retryAfterSeconds: 2 });
    }
    return limit(() => verifyPassword(passwordHash, password));
  };
}

export type PasswordVerifier = ReturnType<typeof createPasswordVerifier>;
