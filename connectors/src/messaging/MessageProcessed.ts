import type { InboundMessage } from './inbound.ts';

/** What a messaging channel tells its host (tests, metrics) after each message is fully handled. */
export interface MessageProcessed<Report> {
  message: InboundMessage;
  /** The turn's outcome (`turn`, `duplicate`, `error`…). */
  outcome: string;
  report?: Report;
  /** Milliseconds waiting in the subscriber's queue, in the flow's turn, and sending. */
  timings: { queuedMs: number; turnMs: number; sendMs: number };
}
