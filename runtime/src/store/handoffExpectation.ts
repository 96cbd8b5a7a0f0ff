import type { HandoffExpectation, HandoffStatus } from './types.ts';

/** The statuses and (when given) the agent a contact must still have, whichever way the expectation was written. */
export function expectationOf(expected: HandoffExpectation): { statuses: HandoffStatus[]; agent?: string | null } {
  return Array.isArray(expected) ? { statuses: expected } : expected;
}
