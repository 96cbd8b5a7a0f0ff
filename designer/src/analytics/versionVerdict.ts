/** Below this many contacts in either version, a difference of a few calls swings the percentages: nothing is concluded. */
export const MIN_CONTACTS_TO_CONCLUDE = 30;

/**
 * Below this many contacts expected with the outcome (or without it) in either version, at the
 * two versions' pooled share, the normal approximation the test relies on does not hold (0 of 30
 * against 4 of 30 gives z = 2.07, where Fisher's exact test gives p ≈ 0.11): nothing is concluded.
 */
export const MIN_EXPECTED_TO_CONCLUDE = 5;

export type VersionVerdict = 'tooFew' | 'tooRare' | 'noise' | 'lower' | 'higher';

/**
 * Whether a share (abandons, transfers) differs between two versions beyond chance: a two-proportion
 * test at 95 % (|z| > 1.96), said only when each version had at least MIN_CONTACTS_TO_CONCLUDE
 * contacts (else `tooFew`) and, at the pooled share, at least MIN_EXPECTED_TO_CONCLUDE contacts
 * expected with the outcome and as many without it (else `tooRare`: a rare or near-universal
 * outcome needs more contacts). `lower`/`higher`: the second version's share against the first's.
 */
export function versionVerdict(first: { count: number; contacts: number }, second: { count: number; contacts: number }): VersionVerdict {
  if (first.contacts < MIN_CONTACTS_TO_CONCLUDE || second.contacts < MIN_CONTACTS_TO_CONCLUDE) return 'tooFew';
  const p1 = first.count / first.contacts;
  const p2 = second.count / second.contacts;
  const pooled = (first.count + second.count) / (first.contacts + second.contacts);
  for (const { contacts } of [first, second]) {
    if (!(pooled * contacts >= MIN_EXPECTED_TO_CONCLUDE && (1 - pooled) * contacts >= MIN_EXPECTED_TO_CONCLUDE)) return 'tooRare';
  }
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / first.contacts + 1 / second.contacts));
  if (spread === 0) return 'noise';
  const z = (p2 - p1) / spread;
  if (!Number.isFinite(z) || Math.abs(z) <= 1.96) return 'noise';
  return z < 0 ? 'lower' : 'higher';
}
