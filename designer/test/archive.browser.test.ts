import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { ADMIN_TOKEN, createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const DEMO = '1919 — Service client Griot Telecom';

/**
 * Deleting a flow from the list archives it, in French: the live 1919 flow is refused with what
 * still uses it, a flow that ran in production is refused to an editor, a draft flow is
 * archived; the admin sees the archive and restores it.
 */
describe.skipIf(missing !== null)('archiving flows from the flow list', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const users: Record<string, { username: string; password: string }> = {};

  /** A copy of the demo flow under another id and name; `retired` also ran in production, then left it. */
  async function copyOfDemo(id: string, name: string, retired: boolean): Promise<void> {
    const demo = await server.admin<{ document: Record<string, unknown> }>('GET', '/api/flows/selfcare-1919/draft');
    expect((await server.admin('POST', '/api/flows', { document: { ...demo.body.document, id, name } })).status).toBe(201);
    if (!retired) return;
    // Production plays the copy's own recordings: the demo's takes, uploaded to the copy's library.
    const takes = await server.admin<Array<{ name: string }>>('GET', '/api/flows/selfcare-1919/audio');
    for (const take of takes.body) {
      const file = await fetch(`${server.url}/audio/selfcare-1919/${take.name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const type = file.headers.get('content-type') ?? 'audio/wav';
      const locale = take.name.split('/')[0];
      const uploaded = await fetch(`${server.url}/api/flows/${id}/audio?name=${encodeURIComponent(take.name)}&locale=${locale}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
        body: Buffer.from(await file.arrayBuffer()),
      });
      expect(uploaded.status).toBe(201);
    }
    expect((await server.admin('POST', `/api/flows/${id}/publish`, { message: 'v1' })).status).toBe(201);
    expect((await server.admin('POST', `/api/flows/${id}/environments/production`, { version: 1 })).status).toBe(200);
    expect((await server.admin('DELETE', `/api/flows/${id}/environments/production`)).status).toBe(200);
  }

  const row = (name: string) => page.locator('tr[data-flow-id]', { hasText: name });
  async function openArchive(name: string): Promise<void> {
    await page.getByRole('button', { name: `Actions pour ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Archiver…' }).click();
    await page.getByRole('dialog').waitFor();
  }

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    users.ines = await createUser(server, 'ines', ['editor']);
    users.ada = await createUser(server, 'ada', ['admin']);
    await copyOfDemo('ancien-1919', 'Ancien 1919', true);
    await copyOfDemo('brouillon', 'Brouillon de test', false);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, users.ines!);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/designer-${context.task.name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file }).catch(() => {});
      console.error(`[screenshot] ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says what keeps the live 1919 flow in service, without asking for its name', async () => {
    await openArchive(DEMO);
    const alert = page.locator('[data-testid="flow-in-use"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Ce parcours est en service');
    expect(await alert.locator('[data-environment="production"]').textContent()).toBe('Production exécute la version 1');
    expect(await alert.locator('[data-binding="voice:1919"]').textContent()).toBe('Voix 1919 y mène (raccordement en Production)');
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Archiver' }).count()).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    expect(await row(DEMO).count()).toBe(1);
  });

  it("shows the server's refusal to an editor for a flow that ran in production", async () => {
    await openArchive('Ancien 1919');
    await page.getByRole('textbox', { name: 'Nom du parcours' }).fill('Ancien 1919');
    await page.getByRole('dialog').getByRole('button', { name: 'Archiver' }).click();
    const refusal = page.locator('[data-testid="archive-needs-publisher"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('seul un publieur');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    expect(await row('Ancien 1919').count()).toBe(1);
  });

  it('archives a flow that never ran in production: it leaves the list', async () => {
    await openArchive('Brouillon de test');
    await page.getByRole('textbox', { name: 'Nom du parcours' }).fill('Brouillon de test');
    await page.getByRole('dialog').getByRole('button', { name: 'Archiver' }).click();
    await expect.poll(() => row('Brouillon de test').count()).toBe(0);
    expect(await page.locator('.archived-flows').count()).toBe(0);
  });

  it('shows the archive to an admin, who restores the flow', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await signIn(page, server.url, users.ada!);
    const archived = page.locator('.archived-flows tr[data-archived-flow-id="brouillon"]');
    await archived.waitFor();
    expect(await archived.textContent()).toContain('ines');
    await archived.getByRole('button', { name: 'Restaurer' }).click();
    await expect.poll(() => row('Brouillon de test').count()).toBe(1);
    expect(await page.locator('.archived-flows').count()).toBe(0);
    const audit = await server.admin<Array<{ action: string; actor: string }>>('GET', '/api/audit?target=flow:brouillon');
    expect(audit.body.slice(0, 2).map((e) => `${e.action} by ${e.actor}`)).toEqual(['flow.restore by ada', 'flow.archive by ines']);
  });
});
