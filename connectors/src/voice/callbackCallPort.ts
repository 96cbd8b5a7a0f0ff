import type { DialTarget } from './verbs.ts';

/** One call Griot placed for a callback request: which request, which take of it, which jambonz call. */
export interface CallbackCallRef {
  id: string;
  attempt: number;
  callSid: string;
}

/**
 * How a callback call ended: jambonz's final status of the subscriber's leg (`completed` once
 * answered; `no-answer`, `busy`, `failed` when it never connected), or `agent-unavailable`
 * when the subscriber answered but the agent's leg did not.
 */
export type CallbackCallOutcome = 'completed' | 'no-answer' | 'busy' | 'failed' | 'agent-unavailable';

/**
 * The part of the agent queues a callback call reports to. Connectors never import the runtime:
 * the runtime hands this in, as it hands in the conversation engine.
 */
export interface CallbackCallPort {
  /**
   * The subscriber answered: where the agent who took the request is reached. Null when the
   * request no longer waits for this call (marked done or failed meanwhile, taken again).
   */
  answered(call: CallbackCallRef): Promise<{ agentTarget: DialTarget } | null>;
  ended(call: CallbackCallRef & { outcome: CallbackCallOutcome; detail?: string }): Promise<void>;
}
