import type { HandoffExpectation, HandoffStatus } from './types.ts';

/** The statuses and (when given) the agent, queue and priority a contact must still have, whichever way the expectation was written. */
export function expectationOf(expected: HandoffExpectation): { statuses: HandoffStatus[]; agent?: string | null; queue?: string; priority?: number } {
  return Array.isArray(expected) ? { statuses: expected } : expected;
}
