import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

/** V8's default factor by which the young generation grows (`node --v8-options`). */
const DEFAULT_GROWTH_FACTOR = 2;

/** Young-generation collections within a second that mean traffic: the young generation may grow again. */
const BUSY_SCAVENGES_PER_SECOND = 8;

/**
 * Keeps V8's young generation at its initial size while the server loads, starts and idles, and
 * lets it grow as usual as soon as traffic comes (`growYoungGenerationWithTraffic`). Start-up's
 * allocations (modules, schemas, the store's migrations, the first timed jobs) nearly all
 * survive, which makes V8 double the young generation at each collection, up to 2 × 16 MiB:
 * space an idle server then keeps for tens of seconds (about 18 MiB of its 124 MiB RSS, issue
 * 17). Traffic shows as frequent young-generation collections (a busy server has dozens a
 * second); from the first burst on, the factor is V8's default again and the young generation
 * grows as it always did. V8 reads the growth factor each time it decides to grow, so setting it
 * at run time takes effect. An operator's own `--semi-space-growth-factor` (NODE_OPTIONS or the
 * command line) is left alone.
 *
 * Held when this module is evaluated: `main.ts` imports it first, so that loading the other
 * modules counts too (only a server start imports `main.ts`: `npm start`, `griot serve`).
 */
const chosenByOperator = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /semi[-_]space[-_]growth[-_]factor/.test(arg));
let held = !chosenByOperator;
if (held) setFlagsFromString('--semi-space-growth-factor=1');

/** Lets the young generation grow again, at once (the server could not start). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
}

/** Once the server listens: the young generation grows again at the first burst of collections. */
export function growYoungGenerationWithTraffic(): void {
  if (!held) return;
  const recent: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
      recent.push(entry.startTime);
      while (recent.length > 0 && recent[0]! < entry.startTime - 1000) recent.shift();
      if (recent.length >= BUSY_SCAVENGES_PER_SECOND) {
        observer.disconnect();
        releaseYoungGeneration();
        return;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}
