import type { TesterRoute } from '../store/types.ts';

/** Who listed a user's own test number, and who confirmed it: what an admin's full edit of the binding keeps. */
export function ownershipOf(tester: TesterRoute | undefined): Pick<TesterRoute, 'addedBy' | 'confirmedBy' | 'confirmedAt'> {
  if (!tester?.addedBy) return {};
  const { addedBy, confirmedBy, confirmedAt } = tester;
  return { addedBy, ...(confirmedBy !== undefined ? { confirmedBy } : {}), ...(confirmedAt !== undefined ? { confirmedAt } : {}) };
}
