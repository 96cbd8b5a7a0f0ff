import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** Milliseconds between two samples while the process works: prom-client's default. */
const RESOLUTION_MS = 10;
/** The monitor stops after this long without a request or a turn (then checks again when one comes). */
const IDLE_AFTER_MS = 10_000;

/** prom-client's names (docs/api.md, docs/deploy.md's alert, the Grafana dashboard read them). */
export const DELAY_GAUGES = [
  ['min', 'nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'],
  ['max', 'nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'],
  ['mean', 'nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'],
  ['stddev', 'nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.'],
  ['p50', 'nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'],
  ['p90', 'nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'],
  ['p99', 'nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'],
] as const;

type Statistic = (typeof DELAY_GAUGES)[number][0];

function statistic(histogram: IntervalHistogram, which: Statistic): number {
  switch (which) {
    case 'min':
      return histogram.min;
    case 'max':
      return histogram.max;
    case 'mean':
      return histogram.mean;
    case 'stddev':
      return histogram.stddev;
    case 'p50':
      return histogram.percentile(50);
    case 'p90':
      return histogram.percentile(90);
    case 'p99':
      return histogram.percentile(99);
  }
}

/**
 * Whether a request is work that switches the monitor on: not a scrape (`/metrics`) nor a health
 * probe (`/healthz`, `/readyz`), which a balancer and Prometheus send every few seconds to an idle
 * instance: counted, they would keep the monitor sampling for ever.
 */
export function countsAsWork(url: string | undefined): boolean {
  if (url === undefined) return true;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path !== '/metrics' && path !== '/healthz' && path !== '/readyz';
}

/**
 * The event-loop delay histogram (`nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`),
 * sampled only while the process works. prom-client's monitor samples every 10 ms for ever: a libuv
 * timer that wakes an idle server ~100 times a second, CPU and power an operator pays for nothing.
 * Here the same 10 ms monitor is switched on by a request or a turn (`active()`: one increment, and
 * the switch the first time) and off by a check every 10 s that saw none since the last one: an idle
 * process is not woken by it at all (scrapes and health probes are no work: `countsAsWork`), a
 * serving one measures as before. With no sample since the last scrape the gauges read 0
 * (prom-client's would read an empty histogram's 9.2e9 s minimum).
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram;
  private enabled = false;
  /** Servers started and not yet stopped (`hold`): with none, nothing switches the monitor on. */
  private holders = 0;
  private activity = 0;
  private seen = 0;
  private check: ReturnType<typeof setTimeout> | undefined;
  /**
   * Node's monitor, switched off and on again, measures its first interval from its last sample
   * before it was switched off (the whole idle time would be taken for a stall), or, when a scrape
   * reset it meanwhile, does not measure it at all (a stall of the request that switched it on
   * would not be seen). So it starts afresh each time it is switched on: what it held, not yet
   * scraped, is kept here (`held`, per statistic: the lowest minimum, the highest of the others,
   * never hiding a stall), and its first interval is measured apart (`firstMax`, shown in `max`).
   */
  private held: Record<Statistic, number> | undefined;
  private firstMax = 0;
  private first: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: { resolutionMs?: number; idleAfterMs?: number } = {}) {
    this.histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? RESOLUTION_MS });
  }

  /**
   * A server serving from now on (`startServer`): work may switch the monitor on. The function
   * returned lets go; when the last holder does, sampling stops at once, so a stopped server leaves
   * no 10 s check running (the monitor is the process's, shared by every server it starts).
   */
  hold(): () => void {
    this.holders += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.holders -= 1;
      if (this.holders === 0) this.stop();
    };
  }

  /** Something to serve came in (a request, a turn): sample the loop for at least the next `idleAfterMs`, while a server holds the monitor. */
  active(): void {
    this.activity += 1;
    if (!this.enabled && this.holders > 0) this.enable();
  }

  /** Whether the monitor samples now (tests, and what the bench reads). */
  get sampling(): boolean {
    return this.enabled;
  }

  /** The gauges, in `registry`; each scrape reads the samples since the previous one and starts afresh. */
  register(registry: Registry): void {
    const gauges = new Map<Statistic, Gauge>();
    const collect = () => {
      const read = this.read();
      for (const [which, gauge] of gauges) gauge.set(read ? read[which] / 1e9 : 0);
      this.histogram.reset();
      this.held = undefined;
      this.firstMax = 0;
    };
    for (const [which, name, help] of DELAY_GAUGES) gauges.set(which, new Gauge({ name, help, registers: [registry], ...(which === 'min' ? { collect } : {}) }));
  }

  /** The statistics since the last scrape (ns), or undefined when nothing was sampled. */
  private read(): Record<Statistic, number> | undefined {
    let read = this.histogram.count > 0 ? this.statistics() : undefined;
    if (this.held) read = read ? mergeHeld(read, this.held) : this.held;
    if (this.firstMax > 0) {
      const first = this.firstMax;
      read = read ? { ...read, max: Math.max(read.max, first) } : { min: first, max: first, mean: first, stddev: 0, p50: first, p90: first, p99: first };
    }
    return read;
  }

  private statistics(): Record<Statistic, number> {
    const read = {} as Record<Statistic, number>;
    for (const [which] of DELAY_GAUGES) read[which] = statistic(this.histogram, which);
    return read;
  }

  private enable(): void {
    this.enabled = true;
    this.seen = this.activity;
    if (this.histogram.count > 0) this.held = this.held ? mergeHeld(this.held, this.statistics()) : this.statistics();
    this.histogram.reset();
    this.histogram.enable();
    // Its first interval, from now: the request that switched the monitor on may hold the loop at once.
    const from = performance.now();
    const resolution = this.options.resolutionMs ?? RESOLUTION_MS;
    this.first = setTimeout(() => {
      this.first = undefined;
      this.firstMax = Math.max(this.firstMax, Math.round((performance.now() - from) * 1e6));
    }, resolution);
    this.first.unref();
    this.schedule();
  }

  private schedule(): void {
    this.check = setTimeout(() => {
      this.check = undefined;
      if (this.activity === this.seen) {
        this.enabled = false;
        this.histogram.disable();
        return;
      }
      this.seen = this.activity;
      this.schedule();
    }, this.options.idleAfterMs ?? IDLE_AFTER_MS);
    // Never what keeps a process (or a test worker) alive.
    this.check.unref();
  }

  /** Stops sampling now (tests). */
  stop(): void {
    if (this.check) clearTimeout(this.check);
    if (this.first) clearTimeout(this.first);
    this.check = undefined;
    this.first = undefined;
    this.enabled = false;
    this.histogram.disable();
  }
}

/** Two sets of statistics as one that hides no stall: the lower minimum, the higher of the others. */
function mergeHeld(a: Record<Statistic, number>, b: Record<Statistic, number>): Record<Statistic, number> {
  const merged = {} as Record<Statistic, number>;
  for (const [which] of DELAY_GAUGES) merged[which] = which === 'min' ? Math.min(a[which], b[which]) : Math.max(a[which], b[which]);
  return merged;
}
