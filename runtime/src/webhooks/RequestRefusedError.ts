/**
 * A request Griot will not send, or not follow: a secret bound elsewhere, a host off the
 * allow-list, a private address, a redirect to another origin. The look-up takes its `error`
 * output with this message; nothing is retried.
 */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
}
