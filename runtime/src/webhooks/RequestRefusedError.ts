import type { LookupFailure } from './lookupFailure.ts';

/**
 * A request Griot will not send, or not follow: a secret bound elsewhere, a host off the
 * allow-list, a private address, a redirect to another origin. The look-up takes its `error`
 * output with this message; nothing is retried. `failure` says which rule, for the tester.
 */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  constructor(
    message: string,
    readonly failure: LookupFailure,
  ) {
    super(message);
  }
}
