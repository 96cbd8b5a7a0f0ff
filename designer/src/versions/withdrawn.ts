import type { EnvironmentPointer } from '../api/types.ts';

/**
 * The versions production ran and no longer runs although they are newer than what it runs now:
 * taken out by a roll-back (or by a publisher putting an older version back). Read from the
 * production pointer: `vetted` lists every version a publisher or admin put there, `history` those
 * it ran before; a pointer from before Griot recorded them says nothing (an empty set).
 */
export function withdrawnFromProduction(production: EnvironmentPointer | number | null | undefined): Set<number> {
  if (!production || typeof production !== 'object') return new Set();
  const ran = [...(production.vetted ?? []), ...(production.history ?? [])];
  return new Set(ran.filter((n) => n > production.version));
}
