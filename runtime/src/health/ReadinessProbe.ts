import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { settleWithin } from '../conversations/settleWithin.ts';

export type Readiness = { ok: true } | { ok: false; reason: 'store_not_writable' | 'store_write_timeout' };

export interface ReadinessProbeOptions {
  store: Store;
  logger: Logger;
  /** Written with the heartbeat: which instance last proved the store takes writes. */
  instance?: string;
  /** A successful write stands for this long: a probe every second writes once per interval. */
  intervalMs?: number;
  /** A write that takes longer counts as failed (an unreachable MongoDB primary, a locked file). */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Whether the store takes writes now, for /readyz: a store that answers reads but refuses
 * writes (file or disk gone read-only, disk full, no MongoDB primary) would fail every call.
 * One heartbeat write proves it; a success is trusted for `intervalMs`, a failure is not
 * remembered (the next probe tries again, so recovery shows at once), and probes arriving while
 * a write is under way share it.
 */
export class ReadinessProbe {
  private readonly instance: string;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private lastSuccess = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<Readiness> | undefined;
  private failing = false;

  constructor(private readonly options: ReadinessProbeOptions) {
    this.instance = options.instance ?? `${hostname()}:${process.pid}`;
    this.intervalMs = options.intervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  check(): Promise<Readiness> {
    // A clock stepped back (NTP, a VM resumed) makes the time since the last success negative:
    // that success is not trusted, or a store that fails meanwhile would read ready until the
    // clock caught up (an hour stepped back: an hour of calls sent to a store that refuses them).
    const since = this.now() - this.lastSuccess;
    if (since >= 0 && since < this.intervalMs) return Promise.resolve({ ok: true });
    this.inFlight ??= this.beat().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async beat(): Promise<Readiness> {
    const started = this.now();
    let readiness: Readiness;
    let detail: string | undefined;
    try {
      const settled = await settleWithin(this.options.store.writeHeartbeat(this.instance, new Date(started).toISOString()), this.timeoutMs);
      readiness = settled.done ? { ok: true } : { ok: false, reason: 'store_write_timeout' };
    } catch (error) {
      readiness = { ok: false, reason: 'store_not_writable' };
      detail = (error as Error).message;
    }
    if (readiness.ok) {
      this.lastSuccess = started;
      if (this.failing) this.options.logger.info({ event: 'readiness.recovered', store: this.options.store.kind }, 'the store takes writes again');
    } else if (!this.failing) {
      // Once per outage, not once per probe.
      this.options.logger.error({ event: 'readiness.storeNotWritable', store: this.options.store.kind, reason: readiness.reason, error: detail }, 'the store refuses writes: reporting not ready');
    }
    this.failing = !readiness.ok;
    return readiness;
  }
}
