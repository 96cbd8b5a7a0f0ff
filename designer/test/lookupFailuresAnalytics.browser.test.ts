import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { JAMBONZ_SECRET, caller } from './support/analyticsCalls.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
/** Intl writes French with (narrow) no-break spaces: read the page with plain ones. */
const plain = (text: string | null) =>
  (text ?? '')
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * ops32's supervisor, preparing the weekly report: « how many PUK and balance look-ups failed
 * this week, and on which channel? ». The dashboard gave contacts, outcomes and drop-offs, and
 * nothing of the look-ups (the report carried them; no screen showed them): the supervisor had to
 * guess them from the drop-offs, or ask IT for Prometheus. Three real calls ask their balance
 * while the operator's system answers 503 twice, then answers: the dashboard says 3 asked,
 * 1 answered, 2 failed, and the system's response times.
 */
describe.skipIf(missing !== null)('the flow’s dashboard counts the look-ups that failed', { timeout: 60_000 }, () => {
  let backend: Server;
  let failing = true;
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    backend = createServer((_req, res) => {
      res.writeHead(failing ? 503 : 200, { 'content-type': 'application/json' }).end(failing ? '{}' : '{"balance":1500,"data":"2 Go"}');
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const operator = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    server = await startGriot({
      demo: true,
      env: { JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET, GRIOT_BACKENDS_PRODUCTION: `operator=${operator}`, GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'operator-test-token' },
    });
    const { dial } = caller(server);
    for (const from of ['+2290197000301', '+2290197000302', '+2290197000303']) {
      if (from.endsWith('303')) failing = false;
      const call = await dial(from);
      await call.press('2');
      const heard = call.heard.join(' ');
      expect(heard.includes('momentanément indisponible'), heard).toBe(failing);
      await call.hangup();
    }
    await server.running.services.conversations.idle();
    browser = await launchChromium();
    page = await signInAt(browser, server.url, await createUser(server, 'sena', ['supervisor']), { at: `/flows/${FLOW}`, viewport: { width: 1366, height: 768 } });
  }, 120_000);

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => backend?.close(resolve));
  });

  it('gives each look-up’s asked, answered and failed, and the system’s response times, in French', async () => {
    await page.locator('label', { hasText: 'Statistiques' }).click();
    const section = page.getByRole('region', { name: 'Consultations des systèmes de l’opérateur' });
    const row = section.locator('[data-lookup-node="lookupSubscriber"]');
    await row.waitFor();
    expect(plain(await row.locator('th').textContent())).toBe('Recherche du dossier abonné · operator');
    const figure = async (name: string) => plain(await row.locator(`[data-figure="${name}"]`).textContent());
    expect({ asked: await figure('asked'), ok: await figure('ok'), failed: await figure('failed'), failedRate: await figure('failedRate') }).toEqual({
      asked: '3',
      ok: '1',
      failed: '2',
      failedRate: '66,7 %',
    });
    expect(plain(await section.locator('[data-lookup-backend="operator"]').textContent())).toMatch(/^operator : 3 consultations, temps de réponse moyen \d+ ms, le plus long \d+ ms\.$/);
  });

  it('follows the channel filter: no look-up on WhatsApp', async () => {
    await choose(page, 'Canal', 'WhatsApp');
    const section = page.getByRole('region', { name: 'Consultations des systèmes de l’opérateur' });
    await expect.poll(async () => plain(await section.textContent()), { timeout: 10_000 }).toContain('Aucune consultation sur la période.');
  });
});
