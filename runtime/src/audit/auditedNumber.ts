import type { CallerHasher } from '../analytics/CallerHasher.ts';

/** The keyed hasher (analytics' key), as the services hold it: opened once the store answers. */
export type AuditHasher = Promise<CallerHasher>;

/**
 * A subscriber's number as the audit log may name it: `#` and a keyed digest (the same number,
 * the same digest, so an admin can follow one number), or `#unknown` when no key can be had.
 * Never the number, nor an unkeyed hash of it (there are only so many numbers to try).
 */
export async function auditedNumber(hasher: AuditHasher | undefined, number: string): Promise<string> {
  const digest = await hasher?.then(
    (h) => h.auditedNumber(number),
    () => undefined,
  );
  return `#${digest ?? 'unknown'}`;
}
