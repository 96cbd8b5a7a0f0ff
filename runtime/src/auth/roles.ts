import type { Role } from '../store/types.ts';

export const ROLES = ['admin', 'editor', 'publisher', 'tester', 'viewer', 'agent', 'supervisor'] as const satisfies readonly Role[];

/**
 * What each role may also do, so that routes name the least role they need: an editor reads
 * and previews what it edits; a publisher reads and tries what it promotes; a supervisor does
 * what agents do. Admin passes everything (checked separately).
 */
const IMPLIED: Record<Role, Role[]> = {
  admin: [],
  editor: ['viewer', 'tester'],
  publisher: ['viewer', 'tester'],
  tester: ['viewer'],
  viewer: [],
  agent: [],
  supervisor: ['agent', 'viewer'],
};

/** Whether someone holding `held` may act where one of `needed` is required. */
export function rolesAllow(held: readonly Role[], needed: readonly Role[]): boolean {
  if (held.includes('admin')) return true;
  if (needed.length === 0) return true;
  const effective = new Set(held.flatMap((r) => [r, ...IMPLIED[r]]));
  return needed.some((r) => effective.has(r));
}
