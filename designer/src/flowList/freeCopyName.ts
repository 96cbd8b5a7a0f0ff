/**
 * `base` (« Selfcare (copie) »), or when a flow already bears it (in any case, spaces around
 * ignored, as the server compares), « Selfcare (copie 2) », « Selfcare (copie 3) »…: the first free.
 */
export function freeCopyName(base: string, taken: readonly string[]): string {
  const held = new Set(taken.map((name) => name.trim().toLowerCase()));
  const free = (name: string) => !held.has(name.trim().toLowerCase());
  if (free(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = base.endsWith(')') ? `${base.slice(0, -1)} ${n})` : `${base} ${n}`;
    if (free(candidate)) return candidate;
  }
}
