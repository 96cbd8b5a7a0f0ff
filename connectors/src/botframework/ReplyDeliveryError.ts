/**
 * The replies of a turn could not be posted to the activity's `serviceUrl` (the Bot Framework
 * connector refused them or could not be reached): a dependency failure, answered 502, not a bug.
 */
export class ReplyDeliveryError extends Error {
  constructor(
    readonly serviceUrl: string | undefined,
    cause: unknown,
  ) {
    super(`the replies could not be posted to ${serviceUrl ?? 'the connector'}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ReplyDeliveryError';
  }
}
