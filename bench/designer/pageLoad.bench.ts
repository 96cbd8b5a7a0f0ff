/**
 * What each page of the designer costs on a slow link, first visit and second, in headless
 * Chromium against the real server: bytes on the wire (Chromium's `encodedDataLength`: headers and
 * compressed bodies, what the link carries) and the time from navigation to the page being useful
 * (the sign-in form, the agent's inbox, the wall screen, the flow's first nodes), the link
 * throttled with CDP `Network.emulateNetworkConditions` (1.5 Mbit/s down, 750 kbit/s up, 150 ms).
 *
 *   npx tsx bench/designer/pageLoad.bench.ts           (builds the designer first if needed)
 *   GRIOT_BENCH_DIST=/some/dist npx tsx bench/designer/pageLoad.bench.ts   (another build: before/after)
 *
 * The second visit is the same page opened again in the same browser profile (its HTTP cache kept).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../../designer/test/support/browser.ts';
import { createUser, DESIGNER_DIST, startGriot, type GriotServer } from '../../designer/test/support/griotServer.ts';

const LINK = { offline: false, downloadThroughput: (1.5 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, latency: 150 };

const missing = chromiumMissing();
if (missing) {
  console.log(`page load bench skipped: ${missing}`);
  process.exit(0);
}
const dist = process.env.GRIOT_BENCH_DIST ?? DESIGNER_DIST;
if (!existsSync(`${dist}/index.html`)) {
  const root = fileURLToPath(new URL('../../designer', import.meta.url));
  process.env.NODE_ENV = 'production';
  await build({ root, mode: 'production', logLevel: 'warn', configFile: `${root}/vite.config.ts` });
}

/** Bytes on the wire since the last call, counted from CDP's network events. */
function wireCounter(cdp: CDPSession): () => { bytes: number; requests: number } {
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  return () => {
    const counted = { bytes, requests };
    bytes = 0;
    requests = 0;
    return counted;
  };
}

async function signInThroughApi(page: Page, server: GriotServer, user: { username: string; password: string }): Promise<void> {
  const answer = await page.request.post(`${server.url}/api/auth/login`, { data: user, headers: { 'content-type': 'application/json' } });
  if (!answer.ok()) throw new Error(`cannot sign in ${user.username}: ${answer.status()}`);
}

interface Visit {
  kB: number;
  requests: number;
  ms: number;
}

/** Opens `path` twice in one profile (cold, then with its cache), each time until `useful` shows. */
async function visitTwice(browser: Browser, server: GriotServer, path: string, useful: string, user?: { username: string; password: string }): Promise<{ first: Visit; second: Visit }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', LINK);
  const counted = wireCounter(cdp);
  if (user) await signInThroughApi(page, server, user);
  counted();
  const visit = async (): Promise<Visit> => {
    const started = performance.now();
    await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
    await page.locator(useful).first().waitFor();
    const ms = performance.now() - started;
    // What the page still fetches for itself after it shows (a page's code loaded ahead, the API's answers).
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const { bytes, requests } = counted();
    return { kB: Math.round(bytes / 1024), requests, ms: Math.round(ms) };
  };
  const first = await visit();
  await page.goto('about:blank');
  counted();
  const second = await visit();
  await context.close();
  return { first, second };
}

const server = await startGriot({ demo: true, designerDir: dist });
const results: Record<string, unknown> = {
  dist,
  loadBefore: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
};
try {
  const agent = await createUser(server, 'bench-agent', ['agent']);
  const supervisor = await createUser(server, 'bench-supervisor', ['supervisor']);
  const editor = await createUser(server, 'bench-editor', ['editor', 'publisher', 'tester']);
  const browser = await launchChromium();
  try {
    results.signIn = await visitTwice(browser, server, '/', 'input[name="username"]');
    results.agentInbox = await visitTwice(browser, server, '/agent', 'main.agent-workspace', agent);
    results.wallboard = await visitTwice(browser, server, '/agent/wallboard', 'main.wall-screen', supervisor);
    results.editor = await visitTwice(browser, server, '/flows/selfcare-1919', '.react-flow__node[data-id="welcome"]', editor);
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
}
results.loadAfter = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(JSON.stringify(results, null, 2));
