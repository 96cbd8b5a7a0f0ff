/**
 * How long the editor takes to open the 1919 demo flow (57 nodes) in a fresh browser context, as
 * the browser tests and a user's first visit do, and what React does meanwhile; the flow list beside it.
 *
 *   npx tsx bench/designer/editorOpen.bench.ts                      (designer/dist, built if missing)
 *   DISTS=before=/tmp/old-dist,after=designer/dist ROUNDS=6 npx tsx bench/designer/editorOpen.bench.ts
 *   PROFILE=/tmp/open.cpuprofile …                                  (a CPU profile of the first dist's first open)
 *   ROWLESS=before …                                                (those dists' servers hold the draft as seeded before open32:
 *                                                                    test cases and answer mappings without ids, hashed at each open)
 *
 * Each dist has its own server (the demo seeded); rounds alternate the dists' order (A B, B A, …). Per open:
 * navigation → the node `welcome` drawn → the inspector showing it after a click (interactive); the scripts'
 * decoded kB; React's commits until interactive and how many times a node card rendered (counted with a
 * stand-in for the React DevTools hook: a card's `div[data-node-id]` given new props is a render).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../../designer/test/support/browser.ts';
import { createUser, DESIGNER_DIST, startGriot, type GriotServer } from '../../designer/test/support/griotServer.ts';
import { RENDER_COUNTER } from '../../designer/test/renderCounter.ts';

const missing = chromiumMissing();
if (missing) {
  console.log(`editor open bench skipped: ${missing}`);
  process.exit(0);
}
const dists = (process.env.DISTS ?? `current=${DESIGNER_DIST}`).split(',').map((pair) => {
  const [label, dir] = pair.split('=') as [string, string];
  return { label, dir };
});
if (!existsSync(`${DESIGNER_DIST}/index.html`) && dists.some((d) => d.dir === DESIGNER_DIST)) {
  const root = fileURLToPath(new URL('../../designer', import.meta.url));
  process.env.NODE_ENV = 'production';
  await build({ root, mode: 'production', logLevel: 'warn', configFile: `${root}/vite.config.ts` });
}
const rounds = Number(process.env.ROUNDS ?? 4);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Open {
  drawnMs: number;
  interactiveMs: number;
  scriptsKB: number;
  commits: number;
  cardRenders: number;
}

async function openEditor(browser: Browser, server: GriotServer, user: { username: string; password: string }, profile?: string): Promise<Open> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(120_000);
  await context.addInitScript({ content: RENDER_COUNTER });
  const page = await context.newPage();
  await signInThroughApi(page, server, user);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let scripts = 0;
  const types = new Map<string, string>();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    if (types.get(e.requestId) === 'Script') scripts += e.encodedDataLength;
  });
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const started = performance.now();
  await page.goto(`${server.url}/flows/selfcare-1919`, { waitUntil: 'commit' });
  await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  const drawnMs = performance.now() - started;
  await page.locator('.react-flow__node[data-id="welcome"] .flow-node-header').click();
  await page.locator('.side-panel-content[data-panel="inspector"] input[value="welcome"]:not([type="hidden"])').waitFor();
  const interactiveMs = performance.now() - started;
  if (profile) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    await writeFile(profile, JSON.stringify(cpu));
  }
  const counted = await page.evaluate(() => (window as unknown as { __renders: { commits: number; cards: number } }).__renders);
  await context.close();
  return { drawnMs: Math.round(drawnMs), interactiveMs: Math.round(interactiveMs), scriptsKB: Math.round(scripts / 1024), commits: counted.commits, cardRenders: counted.cards };
}

async function openFlowList(browser: Browser, server: GriotServer, user: { username: string; password: string }): Promise<{ listedMs: number; scriptsKB: number }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  await signInThroughApi(page, server, user);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let scripts = 0;
  const types = new Map<string, string>();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    if (types.get(e.requestId) === 'Script') scripts += e.encodedDataLength;
  });
  const started = performance.now();
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  await page.locator('.flow-list-page a[href="/flows/selfcare-1919"], .flow-list-page [data-flow-id="selfcare-1919"]').first().waitFor();
  const listedMs = performance.now() - started;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await context.close();
  return { listedMs: Math.round(listedMs), scriptsKB: Math.round(scripts / 1024) };
}

async function signInThroughApi(page: Page, server: GriotServer, user: { username: string; password: string }): Promise<void> {
  const answer = await page.request.post(`${server.url}/api/auth/login`, { data: user, headers: { 'content-type': 'application/json' } });
  if (!answer.ok()) throw new Error(`cannot sign in ${user.username}: ${answer.status()}`);
}

/** The demo's draft saved as the seed stored it before open32: its test cases and the http nodes' answer mappings without ids. */
async function dropRowIds(server: GriotServer): Promise<void> {
  type Row = { id?: string };
  const { body: draft } = await server.admin<{ revision: number; document: { tests: Row[]; nodes: Array<{ type: string; responseMapping?: Row[] }> } }>('GET', '/api/flows/selfcare-1919/draft');
  const strip = (rows: Row[]) => rows.map(({ id: _id, ...row }) => row);
  const document = { ...draft.document, tests: strip(draft.document.tests), nodes: draft.document.nodes.map((n) => (n.responseMapping ? { ...n, responseMapping: strip(n.responseMapping) } : n)) };
  const saved = await server.admin('PUT', '/api/flows/selfcare-1919/draft', { revision: draft.revision, document });
  if (saved.status !== 200) throw new Error(`cannot save the draft without row ids: ${saved.status} ${JSON.stringify(saved.body)}`);
}

const servers = await Promise.all(dists.map((d) => startGriot({ demo: true, designerDir: d.dir })));
const browser = await launchChromium();
const results: Record<string, { editor: Open[]; list: Array<{ listedMs: number; scriptsKB: number }> }> = {};
const loads: string[] = [load()];
try {
  const users = await Promise.all(servers.map((s) => createUser(s, 'bench-editor', ['editor', 'publisher', 'tester'])));
  const rowless = new Set((process.env.ROWLESS ?? '').split(',').filter(Boolean));
  for (const [i, d] of dists.entries()) if (rowless.has(d.label)) await dropRowIds(servers[i] as GriotServer);
  for (const d of dists) results[d.label] = { editor: [], list: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? dists.map((_, i) => i) : dists.map((_, i) => dists.length - 1 - i);
    for (const i of order) {
      const d = dists[i] as (typeof dists)[number];
      const profile = round === 0 && i === 0 && process.env.PROFILE ? process.env.PROFILE : undefined;
      results[d.label]?.editor.push(await openEditor(browser, servers[i] as GriotServer, users[i] as { username: string; password: string }, profile));
      results[d.label]?.list.push(await openFlowList(browser, servers[i] as GriotServer, users[i] as { username: string; password: string }));
    }
    loads.push(load());
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.stop()));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
for (const [label, r] of Object.entries(results)) {
  console.log(`${label}: editor drawn ${r.editor.map((o) => o.drawnMs).join(' ')} (median ${median(r.editor.map((o) => o.drawnMs))}) ms`);
  console.log(`${label}: editor interactive ${r.editor.map((o) => o.interactiveMs).join(' ')} (median ${median(r.editor.map((o) => o.interactiveMs))}) ms`);
  console.log(`${label}: scripts ${r.editor[0]?.scriptsKB} kB; commits ${r.editor.map((o) => o.commits).join(' ')}; card renders ${r.editor.map((o) => o.cardRenders).join(' ')}`);
  console.log(`${label}: flow list ${r.list.map((o) => o.listedMs).join(' ')} (median ${median(r.list.map((o) => o.listedMs))}) ms, scripts ${r.list[0]?.scriptsKB} kB`);
}
console.log(`load average by round: ${loads.join(' | ')}`);
