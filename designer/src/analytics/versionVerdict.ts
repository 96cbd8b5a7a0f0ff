/** Below this many contacts in either version, a difference of a few calls swings the percentages: nothing is concluded. */
export const MIN_CONTACTS_TO_CONCLUDE = 30;

export type VersionVerdict = 'tooFew' | 'noise' | 'lower' | 'higher';

/**
 * Whether a share (abandons, transfers) differs between two versions beyond chance: a two-proportion
 * test at 95 % (|z| > 1.96), said only when each version had at least MIN_CONTACTS_TO_CONCLUDE
 * contacts. `lower`/`higher`: the second version's share against the first's.
 */
export function versionVerdict(first: { count: number; contacts: number }, second: { count: number; contacts: number }): VersionVerdict {
  if (first.contacts < MIN_CONTACTS_TO_CONCLUDE || second.contacts < MIN_CONTACTS_TO_CONCLUDE) return 'tooFew';
  const p1 = first.count / first.contacts;
  const p2 = second.count / second.contacts;
  const pooled = (first.count + second.count) / (first.contacts + second.contacts);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / first.contacts + 1 / second.contacts));
  if (spread === 0) return 'noise';
  const z = (p2 - p1) / spread;
  if (Math.abs(z) <= 1.96) return 'noise';
  return z < 0 ? 'lower' : 'higher';
}
