import type { Branch } from './schema.ts';

const SYMBOLS: Record<string, string> = { eq: '=', neq: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥', contains: '∋', startsWith: 'starts', in: '∈' };

/** A branch in one line for the canvas: `segment = vip`, `caller.knownLocale set`. */
export function describeBranch(branch: Branch): string {
  const rules = branch.rules.map((r) => {
    if (r.operator === 'isSet') return `${r.variable} ✓`;
    if (r.operator === 'isNotSet') return `${r.variable} ∅`;
    const value = Array.isArray(r.value) ? r.value.join(', ') : String(r.value ?? '');
    return `${r.variable} ${SYMBOLS[r.operator] ?? r.operator} ${value}`;
  });
  if (branch.expression) rules.push(branch.expression);
  return rules.join(branch.match === 'any' ? ' | ' : ' & ') || branch.id;
}
