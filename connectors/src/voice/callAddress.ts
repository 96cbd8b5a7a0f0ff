/**
 * The user part of a jambonz `from` / `to`: numbers arrive bare (`+2290197000001`, `1919`) or as
 * SIP URIs (`sip:+2290197000001@10.0.0.1:5060;user=phone`), depending on the carrier.
 */
export function callAddress(value: string): string {
  let v = value.trim();
  const angle = /<([^>]+)>/.exec(v);
  if (angle?.[1]) v = angle[1];
  v = v.replace(/^sips?:/i, '');
  v = v.split('@', 1)[0] ?? v;
  v = v.split(';', 1)[0] ?? v;
  return v.replace(/[\s().-]/g, '');
}

/** The forms a called number may be stored under, most exact first. */
export function addressCandidates(to: string): string[] {
  const bare = callAddress(to);
  const candidates = [bare];
  if (bare.startsWith('+')) candidates.push(bare.slice(1));
  else if (/^\d{8,15}$/.test(bare)) candidates.push(`+${bare}`);
  return candidates;
}
