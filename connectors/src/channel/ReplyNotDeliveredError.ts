/**
 * An agent's words a channel could not deliver, and why, so the agent is told rather than shown
 * a server error: `outsideWindow` (the platform no longer lets Griot write to this subscriber),
 * `recipientUnavailable` (they blocked the page or left the platform), `platformUnavailable`
 * (the platform did not take it now; try again), `refused` (the platform refused it).
 */
export class ReplyNotDeliveredError extends Error {
  override readonly name = 'ReplyNotDeliveredError';

  constructor(
    readonly reason: 'outsideWindow' | 'recipientUnavailable' | 'platformUnavailable' | 'refused',
    message: string,
    /** When the platform said how long to wait before trying again (a 429's Retry-After / `retry_after`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
