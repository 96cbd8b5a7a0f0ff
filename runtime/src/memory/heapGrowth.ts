import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { z } from 'zod';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before
 * it collects again, in percent, unless the operator says otherwise. See `heapGrowthFlag`.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 100;

/** The environment variable of the server's heap; spread into config.ts's schema. */
export const heapEnv = {
  /**
   * GRIOT_HEAP_GROWTH_PERCENT: the old generation grows to (1 + this/100) × what survived the
   * last full GC before the next one (0: V8's own heuristics, up to 4× on a large machine).
   */
  GRIOT_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(DEFAULT_HEAP_GROWTH_PERCENT),
};

const FLAG = '--heap-growing-percent';

/**
 * The V8 flag to set for `percent`, or undefined to leave V8 alone: at 0, or when the operator
 * started node with the flag themselves (the command line or NODE_OPTIONS wins).
 *
 * Why: under saturation a server holds each in-flight call's objects across its awaits, so much
 * of what dies soon after is promoted to the old generation first; V8 then lets that generation
 * grow to up to 4× what survived its last full collection on a machine with 16 GB or more (its
 * factor follows the heap limit, which follows physical memory), and the RSS follows. Capping the
 * growth factor keeps the peak near the live set without capping the heap itself: a server whose
 * live set grows (many large flows cached) still grows with it, up to node's usual limit, and
 * never dies of a bound set too low (`--max-old-space-size`, which `NODE_OPTIONS` still sets for
 * who wants one). Measured figures: bench/README.md, "Peak memory under saturation".
 */
export function heapGrowthFlag(percent: number, nodeArgs: readonly string[] = [...process.execArgv, process.env.NODE_OPTIONS ?? '']): string | undefined {
  if (percent <= 0) return undefined;
  if (nodeArgs.some((arg) => /--heap[-_]growing[-_]percent\b/.test(arg))) return undefined;
  return `${FLAG}=${percent}`;
}

/**
 * Applies `heapGrowthFlag` to this process (V8 reads the factor at each full collection, so it
 * takes effect at once, for `npm start`, `griot serve` and `node runtime/dist/main.js` alike).
 * Returns what applies, and node's heap limit, for the start-up log line.
 */
export function applyHeapGrowth(percent: number): { heapGrowth: string; heapLimitMiB: number } {
  const flag = heapGrowthFlag(percent);
  if (flag) setFlagsFromString(flag);
  return {
    heapGrowth: flag ? `${percent} %` : percent <= 0 ? "V8's own" : 'as on the command line',
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 1048576),
  };
}
