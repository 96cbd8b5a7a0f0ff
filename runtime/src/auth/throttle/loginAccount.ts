import type { CallerHasher } from '../../analytics/CallerHasher.ts';
import { sha256Hex } from '../secrets.ts';

/** The keyed hasher (analytics' key) as the services hold it; absent where none was opened. */
export type LoginAccountHasher = Promise<CallerHasher> | undefined;

/** How counters keyed before the keyed digest named an account (they expire within a day). */
export const unkeyedLoginAccount = (username: string) => sha256Hex(username);

/**
 * How the login counters name the account a username was typed for: `#` and the keyed digest
 * the audit log shows for an unknown username (CallerHasher.typedUsername), so a password typed
 * in the username field by mistake cannot be found again by hashing candidates. Every instance
 * and the CLI (`griot users reset-password`) read the same key from the store, so they name an
 * account alike. Without a key (none opened, or the store cannot give one) it falls back to the
 * unkeyed SHA-256 earlier versions kept: login limits must not lapse while the key is unreadable,
 * and a password reset clears both forms (forgetLoginFailures).
 */
export async function loginAccount(hasher: LoginAccountHasher, username: string): Promise<string> {
  const digest = await hasher?.then(
    (h) => h.typedUsername(username),
    () => undefined,
  );
  return digest === undefined ? unkeyedLoginAccount(username) : `#${digest}`;
}
