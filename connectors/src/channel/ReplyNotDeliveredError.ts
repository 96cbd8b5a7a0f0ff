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
  ) {
    super(message);
  }
}
