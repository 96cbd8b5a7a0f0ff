export interface BackoffOptions {
  /** First delay. */
  baseMs: number;
  /** Longest delay. */
  maxMs: number;
  /** 0..1 of random spread, so senders that failed together do not retry together. */
  jitter?: number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential, capped, with
 * jitter. A server's `Retry-After` (seconds) wins when it asks for longer, up to `maxMs`.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, retryAfterSeconds?: number, random = Math.random): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const spread = exponential * (options.jitter ?? 0.2) * (random() * 2 - 1);
  const delay = Math.max(0, Math.round(exponential + spread));
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) {
    return Math.min(options.maxMs, Math.max(delay, retryAfterSeconds * 1000));
  }
  return delay;
}
