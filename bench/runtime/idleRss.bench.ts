/**
 * `npx tsx bench/runtime/idleRss.bench.ts` (from the repository root, after `npx turbo run
 * build`): the memory of an idle server as `npm start` runs it — `node runtime/dist/main.js`,
 * a fresh DATA_DIR (SQLite), no demo, signed jambonz webhooks, every channel enabled (the
 * default) — read from `/proc/<pid>/status` (VmRSS) BENCH_IDLE_SECONDS (5) after it says it
 * listens, over BENCH_STARTS (3) starts. Also lists the packages the process loaded
 * (BENCH_MODULES=1 prints them) through a `--import` hook that records `node_modules` paths
 * only, so what a server loads without using it shows. Target: idle RSS ≤ 120 MiB (issue 17;
 * Node-RED with the jambonz nodes idles at ≈ 124 MiB on the same machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const TARGET_MIB = 120;
const MAIN = resolve('runtime/dist/main.js');
/** Extra arguments for node (BENCH_NODE_ARGS, space-separated), to compare V8 settings. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/**
 * Records which packages a process loads: ES modules through a resolve hook (`module.register`,
 * in the loader's thread), CommonJS ones from require's cache at exit (SIGTERM: the server's
 * graceful stop). The hook's own thread costs memory: that start is not counted.
 */
const PACKAGE_HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
  if (m) appendFileSync(process.env.BENCH_PACKAGES_OUT, m[1] + '\\n');
  return result;
}
`;
const PACKAGE_REGISTER = (hooksUrl: string) => `
import { register, createRequire } from 'node:module';
import { appendFileSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
register(${JSON.stringify(hooksUrl)});
// Where the memory is at the moment the bench reads it (it sends SIGUSR2): V8's spaces (committed) beside the rest.
process.on('SIGUSR2', () => {
  const spaces = getHeapSpaceStatistics().map((s) => s.space_name + ' ' + (s.physical_space_size / 1048576).toFixed(1));
  const m = process.memoryUsage();
  writeFileSync(process.env.BENCH_PACKAGES_OUT + '.heap', 'rss ' + (m.rss / 1048576).toFixed(1) + ', heap total ' + (m.heapTotal / 1048576).toFixed(1) + ', heap used ' + (m.heapUsed / 1048576).toFixed(1) + ', external ' + (m.external / 1048576).toFixed(1) + ', array buffers ' + (m.arrayBuffers / 1048576).toFixed(1) + ' MiB; committed by space (MiB): ' + spaces.join(', '));
});
process.on('exit', () => {
  for (const path of Object.keys(createRequire(import.meta.url).cache)) {
    const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(path);
    if (m) appendFileSync(process.env.BENCH_PACKAGES_OUT, m[1] + '\\n');
  }
});
`;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

interface Reading {
  rss: number;
  packages: string[];
  load: string;
}

/** Starts the server on `dataDir`, waits IDLE_SECONDS once it listens, reads its RSS, stops it. */
async function oneStart(dataDir: string, withHook: boolean, hookPath: string): Promise<Reading> {
  const packagesOut = join(dataDir, 'packages.txt');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GRIOT_DEMO: '0',
    GRIOT_ADMIN_TOKEN: 'idle-rss-admin-token-0123456789abcdef',
    JAMBONZ_WEBHOOK_SECRET: 'idle-rss-webhook-secret',
    BENCH_PACKAGES_OUT: packagesOut,
  };
  delete env.NODE_OPTIONS;
  delete env.LOG_LEVEL;
  const args = [...NODE_ARGS, ...(withHook ? ['--import', hookPath] : []), MAIN];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', () => {});
  const listening = new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('griot listening')) done();
    });
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${out.slice(-2000)}`)));
  });
  await listening;
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const rss = rssMiB(child.pid!);
  const load = loadavg()[0]!.toFixed(2);
  if (withHook) {
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  await once(child, 'exit');
  let packages: string[] = [];
  if (withHook) {
    packages = [...new Set(readFileSync(packagesOut, 'utf8').split('\n').filter(Boolean))].sort();
    console.log(`memory at the reading: ${readFileSync(`${packagesOut}.heap`, 'utf8')}`);
  }
  return { rss, packages, load };
}

const hookDir = mkdtempSync(join(tmpdir(), 'griot-idle-hook-'));
const hookPath = join(hookDir, 'register.mjs');
writeFileSync(join(hookDir, 'hooks.mjs'), PACKAGE_HOOKS);
writeFileSync(hookPath, PACKAGE_REGISTER(pathToFileURL(join(hookDir, 'hooks.mjs')).href));
if (process.env.BENCH_MODULES === '1') {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-idle-rss-'));
  const { rss, packages } = await oneStart(dataDir, true, hookPath);
  console.log(`packages loaded at idle (${packages.length}): ${packages.join(', ')}`);
  console.log(`(with the listing hook, not counted: ${rss.toFixed(1)} MiB)`);
  rmSync(dataDir, { recursive: true, force: true });
}
// A first start on an empty DATA_DIR (creates the store and the first admin, whose password is
// hashed with argon2: 19 MiB for a moment), and a restart on the same DATA_DIR, as in production.
const fresh: number[] = [];
const restarted: number[] = [];
for (let i = 0; i < STARTS; i += 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'griot-idle-rss-'));
  const first = await oneStart(dataDir, false, hookPath);
  const again = await oneStart(dataDir, false, hookPath);
  console.log(
    `start ${i + 1}: idle RSS ${first.rss.toFixed(1)} MiB on an empty DATA_DIR (load ${first.load}), ${again.rss.toFixed(1)} MiB restarted on it (load ${again.load}), after ${IDLE_SECONDS} s`,
  );
  fresh.push(first.rss);
  restarted.push(again.rss);
  rmSync(dataDir, { recursive: true, force: true });
}
rmSync(hookDir, { recursive: true, force: true });
const median = (figures: number[]) => [...figures].sort((a, b) => a - b)[Math.floor(figures.length / 2)] ?? Number.NaN;
for (const [what, figures] of [
  ['first start', fresh],
  ['restart', restarted],
] as const) {
  const m = median(figures);
  console.log(
    `${what}: idle RSS median ${m.toFixed(1)} MiB over ${figures.length} (${figures.map((f) => f.toFixed(1)).join(' / ')}); target ≤ ${TARGET_MIB} MiB: ${m <= TARGET_MIB ? 'PASS' : 'not met'}`,
  );
}
