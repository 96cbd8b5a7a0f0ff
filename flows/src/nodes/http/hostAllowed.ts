/** Lower case, without a trailing dot or IPv6 brackets: how hosts are compared. */
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}

/**
 * Whether a host is on an allow-list of names (`api.example.com`) and wildcards
 * (`*.operator.bj`: any name below operator.bj, not operator.bj itself). Exact text, no DNS:
 * where the name leads is checked when connecting.
 */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const name = normalizeHost(host);
  if (name === '') return false;
  return patterns.some((raw) => {
    const pattern = normalizeHost(raw);
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}
