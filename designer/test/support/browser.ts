import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Download, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when Debian's Chromium is installed. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the designer's browser tests`;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where the Chromiums shared by the browser test files listen, one per worker (test/support/sharedChromium.ts), when they run: a JSON list. */
export const SHARED_CHROMIUM = 'DESIGNER_TEST_CHROMIUM_WS';

/**
 * `extraArgs`: more Chromium switches, e.g. a fake microphone (`--use-fake-device-for-media-stream`).
 * Without any, and with the test run's shared Chromiums up, a connection to this worker's
 * (`VITEST_POOL_ID`, 1 to the project's `maxWorkers`): its `close()` ends the connection and the
 * contexts made through it, not the browser.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const shared = process.env[SHARED_CHROMIUM];
  if (shared && extraArgs.length === 0) {
    const endpoints = JSON.parse(shared) as string[];
    const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
    return chromium.connect(endpoints[worker % endpoints.length] as string);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Fills the login page at `at` (`/` unless told) and submits it (by the fields' names: the same in
 * every language). Any address of the designer shows the login page to someone signed out and,
 * once signed in, the page that address names: a test that works on one page signs in there, as
 * someone opening a bookmark, rather than loading the home page and then the whole designer again.
 */
async function fillLogin(page: Page, baseUrl: string, user: { username: string; password: string }, at = '/'): Promise<void> {
  await page.goto(`${baseUrl}${at}`);
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
}

/**
 * Signs in through the login page and waits for the flow list, or, `at` an address (`/flows/<id>`),
 * for the page that address names (its `main`; the caller waits for what it needs of it).
 */
export async function signIn(page: Page, baseUrl: string, user: { username: string; password: string }, at?: string): Promise<void> {
  await fillLogin(page, baseUrl, user, at);
  await page
    .locator(at === undefined ? '.flow-list-page' : 'main')
    .first()
    .waitFor();
}

/**
 * Signs in at `/` in a browser of its own (a French one unless `options` say otherwise), as a user
 * would, and waits for the page the role lands on (an agent's inbox, a supervisor's wallboard, the
 * flow list), or, `at` an address (`/agent/supervision`), at that address and for its page. A
 * missing element fails its step with Playwright's message rather than the test's timeout.
 * `pageErrors` collects the page's uncaught errors, named after the user. `clock`: Playwright's
 * clock installed before the page loads (time flows; the test may move it on, `page.clock.fastForward`,
 * rather than wait out the page's own timers).
 */
export async function signInAt(
  browser: Browser,
  baseUrl: string,
  user: { username: string; password: string },
  options: BrowserContextOptions & { pageErrors?: string[]; at?: string; clock?: boolean } = {},
): Promise<Page> {
  const { pageErrors, at, clock, ...contextOptions } = options;
  const context = await browser.newContext({ locale: 'fr-FR', ...contextOptions });
  context.setDefaultTimeout(10_000);
  if (clock) await context.clock.install();
  const page = await context.newPage();
  if (pageErrors) page.on('pageerror', (e) => pageErrors.push(`${user.username}: ${e.message}`));
  await fillLogin(page, baseUrl, user, at);
  await page.locator('main').first().waitFor();
  return page;
}

/**
 * For `afterEach`: after a failed test, a screenshot of the page (GRIOT_TEST_ARTIFACTS, else /tmp),
 * named after the test, its path in the log for whoever reads why it failed.
 */
export async function screenshotIfFailed(test: { task: { name: string; result?: { state?: string } | undefined } }, page: Page | undefined): Promise<void> {
  if (test.task.result?.state !== 'fail' || !page || page.isClosed()) return;
  const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/designer-${test.task.name.replace(/\W+/g, '-')}.png`;
  await page.screenshot({ path: file }).catch(() => {});
  console.error(`[screenshot] ${file}`);
}

/**
 * Waits until `target` is shown whole and nothing that holds it still moves (an accordion panel
 * opening, the page scrolling to keep what was in sight), as a user waits to see a form open
 * before typing in it and pressing its button. Playwright checks where a click lands at the press
 * only: with a panel still growing, and the page scrolled under the pointer to compensate, the
 * release can land elsewhere, and the button then gets no click at all.
 */
export async function untilStill(target: Locator): Promise<void> {
  await target.waitFor();
  const element = await target.elementHandle();
  await target.page().waitForFunction(
    (held) => {
      if (!held) return false;
      const moving = held.ownerDocument
        .getAnimations()
        .some((a) => a.playState === 'running' && a.effect instanceof KeyframeEffect && a.effect.target instanceof Node && a.effect.target.contains(held));
      if (moving) return false;
      // Not cut by a box that clips it (a panel not open yet, or still opening).
      const box = held.getBoundingClientRect();
      for (let up = held.parentElement; up && up !== held.ownerDocument.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.display === 'none') return false;
        if (style.overflowY === 'visible') continue;
        const clip = up.getBoundingClientRect();
        if (box.bottom > clip.bottom + 1 && clip.height < up.scrollHeight - 1) return false;
      }
      return true;
    },
    element,
    { polling: 'raf', timeout: 10_000 },
  );
}

/** A download's bytes, read as a stream: `download.path()` has no file here when the browser is the shared one (connected to). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
