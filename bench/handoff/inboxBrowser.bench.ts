/**
 * The agent inbox (the designer's `/agent` page, React) in headless Chromium with 1,000 waiting
 * contacts: the time from a change on the server (a contact enqueued through the engine's
 * handoff hook) until the new contact's row is in the page's DOM, and until the next frame after
 * it. The designer is built first when `designer/dist` is missing.
 *
 *   npx tsx bench/handoff/inboxBrowser.bench.ts   (BENCH_CONTACTS=1000 BENCH_CHANGES=100 BENCH_GAP_MS=100)
 *
 * How it is measured: a MutationObserver in the page notes when a row showing a caller number
 * first enters the DOM (`performance.timeOrigin + performance.now()`, an epoch clock with
 * sub-millisecond resolution in both Node and Chromium), and the following animation frame. The
 * offset between the two processes' clocks is estimated by round trips before the run (the one
 * with the shortest round trip wins) and taken off. One change at a time: the next enqueue starts
 * `BENCH_GAP_MS` after the previous row appeared. Target: p99 < 200 ms.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer } from '../../runtime/src/server.ts';
import { chromiumMissing, launchChromium } from '../../designer/test/support/browser.ts';
import buildDesigner from '../../designer/test/support/buildDesigner.ts';
import { handoffOf } from './benchContacts.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 100);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 100);
const DESIGNER_DIST = fileURLToPath(new URL('../../designer/dist/', import.meta.url));
const TARGET_MS = 200;
const TOKEN = 'bench-admin-token-0123456789abcdef';
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

const missing = chromiumMissing();
if (missing) {
  console.log(`inbox browser bench skipped: ${missing}`);
  process.exit(0);
}

/** Page clock minus this process's clock, from the round trip that took least time. */
async function clockOffset(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 30; i += 1) {
    const before = epochNow();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = epochNow();
    if (after - before < best.rtt) best = { offset: inPage - (before + after) / 2, rtt: after - before };
  }
  return best;
}

/**
 * Notes, in the page, when each caller number first shows in an added element, and the frame
 * after. A string, so that the bundler's helpers (tsx keeps function names) stay out of the page.
 */
const WATCH_ROWS = `(() => {
  const seen = {};
  window.__rowsSeen = seen;
  const now = () => performance.timeOrigin + performance.now();
  new MutationObserver((mutations) => {
    const at = now();
    const fresh = [];
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        for (const number of (node.textContent || '').match(/\\+229\\d{10}/g) || []) {
          if (!seen[number]) {
            seen[number] = { dom: at };
            fresh.push(number);
          }
        }
      }
    }
    if (fresh.length) requestAnimationFrame(() => { const frame = now(); for (const number of fresh) seen[number].frame = frame; });
  }).observe(document.body, { childList: true, subtree: true });
})()`;

if (!existsSync(join(DESIGNER_DIST, 'index.html'))) await buildDesigner();
const dataDir = await mkdtemp(join(tmpdir(), 'griot-bench-inbox-browser-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', GRIOT_DEMO: '0', GRIOT_ADMIN_TOKEN: TOKEN, NODE_ENV: 'production' });
const server = await startServer(config, { announce: () => {}, designerDir: DESIGNER_DIST });
const hooks = server.services.handoff.hooks;
const browser = await launchChromium();
try {
  const password = 'bench-supervisor-password';
  const created = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sena', password, roles: ['supervisor'] }),
  });
  if (created.status !== 201) throw new Error(`cannot create the supervisor: ${created.status}`);
  for (let i = 0; i < CONTACTS; i += 1) {
    const { record, session, effect } = handoffOf(i);
    await hooks.requested(record, session, effect);
  }
  const loadBefore = loadavg()[0]!;

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${server.url}/agent`);
  await page.locator('input[name="username"]').fill('sena');
  await page.locator('input[name="password"]').fill(password);
  const opening = performance.now();
  await page.locator('button[type="submit"]').click();
  await page.waitForFunction((n) => document.querySelectorAll('#inbox-queues button.contact').length >= n, CONTACTS, { timeout: 60_000 });
  const openMs = performance.now() - opening;
  console.log(`inbox open with ${CONTACTS} waiting contacts (sign-in → every row drawn): ${ms(openMs)}`);
  await sleep(500);
  await page.evaluate(WATCH_ROWS);
  const clock = await clockOffset(page);
  console.log(`clock offset page − bench ${clock.offset.toFixed(2)} ms (round trip ${ms(clock.rtt)})`);

  const dom: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < CHANGES; i += 1) {
    const { record, session, effect } = handoffOf(CONTACTS + i);
    const began = epochNow();
    await hooks.requested(record, session, effect);
    const handle = await page.waitForFunction(
      (n) => {
        const seen = (window as unknown as { __rowsSeen: Record<string, { dom: number; frame?: number }> }).__rowsSeen[n];
        return seen?.frame !== undefined ? seen : null;
      },
      effect.context.callerNumber,
      { timeout: 30_000, polling: 5 },
    );
    const seen = (await handle.jsonValue()) as { dom: number; frame: number };
    dom.push(seen.dom - clock.offset - began);
    frame.push(seen.frame - clock.offset - began);
    await sleep(GAP_MS);
  }
  const loadAfter = loadavg()[0]!;
  const rows = await page.locator('#inbox-queues button.contact').count();
  const summary = (values: number[]) => ({ p50: pct(values, 50), p90: pct(values, 90), p99: pct(values, 99), max: Math.max(...values) });
  const results = { contacts: CONTACTS, changes: CHANGES, rowsAtEnd: rows, openMs, dom: summary(dom), frame: summary(frame), load: [loadBefore, loadAfter], at: new Date().toISOString() };
  const line = (s: { p50: number; p90: number; p99: number; max: number }) => `p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`;
  console.log(`change → row in the DOM, ${CHANGES} changes over ${CONTACTS}+ waiting: ${line(results.dom)} — target p99 < ${TARGET_MS} ms: ${results.dom.p99 < TARGET_MS ? 'PASS' : 'FAIL'}`);
  console.log(`change → next frame after the row: ${line(results.frame)}`);
  console.log(`rows at the end: ${rows}; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'inbox-browser.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await browser.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
