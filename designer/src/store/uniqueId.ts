/** `base`, or `base2`, `base3`… : the first that is not taken. Ids must start with a letter. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let clean = base.replace(/[^A-Za-z0-9_-]/g, '');
  if (!/^[A-Za-z]/.test(clean)) clean = `n${clean}`;
  clean = clean.slice(0, 56);
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/\d+$/, '') || 'n';
  for (let i = 2; ; i += 1) {
    const candidate = `${stem}${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
