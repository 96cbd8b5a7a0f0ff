import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { countsAsWork, EventLoopDelay } from './eventLoopDelay.ts';

const METRICS = fileURLToPath(new URL('./GriotMetrics.ts', import.meta.url));

/**
 * A node process (the sources through tsx) that makes a server's metrics, then idles `idleMs`: how
 * many times the process was woken meanwhile (voluntary context switches, all its threads).
 */
function wakeUpsWhileIdle(idleMs: number, then = ''): { wakeUps: number; output: string } {
  const code = `import { GriotMetrics } from ${JSON.stringify(METRICS)};
const metrics = new GriotMetrics({});
void metrics;
await new Promise((resolve) => setTimeout(resolve, 300));
const before = process.resourceUsage().voluntaryContextSwitches;
await new Promise((resolve) => setTimeout(resolve, ${idleMs}));
const wakeUps = process.resourceUsage().voluntaryContextSwitches - before;
${then}
console.log(JSON.stringify({ wakeUps }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`the child failed (${String(run.status)}): ${run.stderr}`);
  return { wakeUps: (JSON.parse(line) as { wakeUps: number }).wakeUps, output: run.stdout };
}

describe('EventLoopDelay: the event-loop delay metrics', () => {
  let monitor: EventLoopDelay | undefined;
  afterEach(() => {
    monitor?.stop();
    monitor = undefined;
  });

  it('does not wake an idle server: prom-client’s monitor woke it ~100 times a second', () => {
    // 1.5 s idle: prom-client's 10 ms monitor made ~150 wake-ups (more on a loaded machine, never fewer
    // than ~100); without it the idle process is woken by nothing of the metrics.
    const { wakeUps } = wakeUpsWhileIdle(1500);
    expect(wakeUps).toBeLessThan(40);
  });

  it('shows a blocked event loop while the process serves, and starts afresh after each scrape', async () => {
    monitor = new EventLoopDelay({ resolutionMs: 10, idleAfterMs: 60_000 });
    monitor.hold();
    const registry = new Registry();
    monitor.register(registry);
    monitor.active();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const end = performance.now() + 120;
    while (performance.now() < end) {
      // the loop blocked 120 ms, as by a long synchronous task
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const first = await registry.metrics();
    const max = Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(first)?.[1]);
    expect(max).toBeGreaterThan(0.08);
    expect(max).toBeLessThan(5);
    expect(first).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
    // Nothing sampled since (stopped): the gauges read 0, not an empty histogram's 9.2e9 s minimum.
    monitor.stop();
    const second = await registry.metrics();
    expect(second).toMatch(/^nodejs_eventloop_lag_min_seconds 0$/m);
    expect(second).toMatch(/^nodejs_eventloop_lag_max_seconds 0$/m);
  });

  it('stops sampling once nothing came for a while, and samples again at the next request', async () => {
    monitor = new EventLoopDelay({ resolutionMs: 10, idleAfterMs: 100 });
    monitor.hold();
    expect(monitor.sampling).toBe(false);
    monitor.active();
    expect(monitor.sampling).toBe(true);
    // Still serving: each check sees activity since the previous one.
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      monitor.active();
    }
    expect(monitor.sampling).toBe(true);
    await expect.poll(() => monitor?.sampling, { timeout: 2_000, interval: 20 }).toBe(false);
    monitor.active();
    expect(monitor.sampling).toBe(true);
  });

  /** The gauge `name` as the registry reads it now (a scrape). */
  const scrape = async (registry: Registry, name: string): Promise<number> => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await registry.metrics())?.[1]);
  const block = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // the loop blocked, as by a long synchronous task
    }
  };

  it('shows a stall at the first request after the instance idled (the loop blocked as the monitor came back on)', async () => {
    monitor = new EventLoopDelay({ resolutionMs: 10, idleAfterMs: 100 });
    monitor.hold();
    const registry = new Registry();
    monitor.register(registry);
    monitor.active();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect.poll(() => monitor?.sampling, { timeout: 2_000, interval: 20 }).toBe(false);
    // Prometheus scrapes the idle instance; then a request comes and its work holds the loop 300 ms.
    await scrape(registry, 'nodejs_eventloop_lag_max_seconds');
    monitor.active();
    block(300);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await scrape(registry, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.25);
  });

  it('does not take the time it idled for a stall when it samples again', async () => {
    monitor = new EventLoopDelay({ resolutionMs: 10, idleAfterMs: 100 });
    monitor.hold();
    const registry = new Registry();
    monitor.register(registry);
    monitor.active();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect.poll(() => monitor?.sampling, { timeout: 2_000, interval: 20 }).toBe(false);
    // Idle 1.2 s with no scrape in between, then a request that blocks nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    monitor.active();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await scrape(registry, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.5);
  });

  it('takes scrapes and health probes for no work: sent every few seconds to an idle instance, they would keep it sampling', () => {
    for (const probe of ['/metrics', '/healthz', '/readyz', '/metrics?name[]=x']) expect(countsAsWork(probe)).toBe(false);
    for (const work of ['/jambonz/call', '/jambonz/gather?round=2', '/api/flows', '/', '/metricsx', '/healthz/x', undefined]) expect(countsAsWork(work)).toBe(true);
  });
});
