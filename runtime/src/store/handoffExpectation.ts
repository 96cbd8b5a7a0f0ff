import type { HandoffExpectation, HandoffStatus } from './types.ts';

/** The statuses and (when given) the agent and queue a contact must still have, whichever way the expectation was written. */
export function expectationOf(expected: HandoffExpectation): { statuses: HandoffStatus[]; agent?: string | null; queue?: string } {
  return Array.isArray(expected) ? { statuses: expected } : expected;
}
