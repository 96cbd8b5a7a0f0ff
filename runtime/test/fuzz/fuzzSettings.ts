/**
 * How much the fuzz suite tries, from the environment so a failure can be replayed:
 * `FUZZ_SEED` (default: a fixed seed, so `npm test` is reproducible) and `FUZZ_RUNS` (requests
 * per route and per kind of attempt; default 24). `FUZZ_SEED=random` takes a fresh seed and
 * prints it. fast-check prints the seed and the path of any failure, smallest case first.
 */
export interface FuzzSettings {
  seed: number;
  runs: number;
}

const DEFAULT_SEED = 20_260_808;
const DEFAULT_RUNS = 24;

export function fuzzSettings(env: Record<string, string | undefined> = process.env): FuzzSettings {
  const seedText = env.FUZZ_SEED?.trim();
  const seed = seedText === 'random' ? Math.floor(Math.random() * 2 ** 31) : seedText ? Number(seedText) : DEFAULT_SEED;
  const runs = env.FUZZ_RUNS?.trim() ? Number(env.FUZZ_RUNS) : DEFAULT_RUNS;
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number or "random", not ${seedText}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a whole number of at least 1, not ${env.FUZZ_RUNS}`);
  return { seed, runs };
}

/** A seed per route, so adding a route does not change what the others are sent. */
export function seedFor(seed: number, name: string): number {
  let hash = seed | 0;
  for (let i = 0; i < name.length; i += 1) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  return hash;
}
