/**
 * `16000` → `'16,000'`, as `toLocaleString('en')` writes a whole number, without it: the first
 * `toLocaleString` (or `Intl` formatter) of a process loads ICU's locale data, 6–9 MiB of resident
 * memory kept for good. Messages built when a module loads (a schema's refinement) or on a rare
 * path use this instead, so a server's idle footprint does not carry them.
 */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
