/** Shared by the gateway's thread and Griot's: both read spans on the wall clock (`performance.timeOrigin` + now). */
export interface TimedSpan {
  /** Epoch milliseconds. */
  at: number;
  ms: number;
}

/** A screen this slow or slower is part of the tail (the target is p99 < 20 ms). */
export const SLOW_MS = 20;
