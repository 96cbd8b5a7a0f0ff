import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();

/**
 * An editor writes an "Appel au SI" node without knowing the secrets by heart: the node has no
 * header; "Ajouter l’en-tête d’authentification" writes `Bearer {{secret.NAME}}`, and typing
 * `{{secret.` in a header offers the configured names (read from GET /api/secrets, names only).
 */
describe.skipIf(missing !== null)('designer: secret names while writing an http node', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const draft = await server.admin<{ revision: number; document: { nodes: Array<Record<string, unknown>> } }>('GET', '/api/flows/selfcare-1919/draft');
    const lookup = draft.body.document.nodes.find((n) => n.id === 'lookupSubscriber')!;
    lookup.headers = {};
    const saved = await server.admin('PUT', '/api/flows/selfcare-1919/draft', { revision: draft.body.revision, document: draft.body.document });
    expect(saved.status).toBe(200);
    const editor = await createUser(server, 'edem', ['editor']);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, editor);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds the authentication header and completes {{secret. with the configured names', async () => {
    await page.goto(`${server.url}/flows/selfcare-1919`);
    await page.locator('.react-flow__node[data-id="lookupSubscriber"]').click();
    await page.getByRole('button', { name: 'Ajouter l’en-tête d’authentification' }).click();
    const authorization = page.getByLabel('Valeur de l’en-tête Authorization');
    // The demo configures one secret: nothing to choose, it is written in.
    await expect.poll(() => authorization.inputValue()).toBe('Bearer {{secret.OPERATOR_API_TOKEN}}');
    expect(await page.getByRole('button', { name: 'Ajouter l’en-tête d’authentification' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Ajouter un en-tête' }).click();
    const other = page.getByLabel('Valeur de l’en-tête X-Header-2');
    await other.fill('Token {{secret.OP');
    const offered = page.locator('[data-secrets-for="headers.X-Header-2"] [role="option"]');
    expect(await offered.allTextContents()).toEqual(['OPERATOR_API_TOKEN']);
    await offered.first().click();
    await expect.poll(() => other.inputValue()).toBe('Token {{secret.OPERATOR_API_TOKEN}}');
    expect(await page.locator('[data-secrets-for="headers.X-Header-2"]').count()).toBe(0);

    // A name nobody configured: said, not silently accepted.
    await other.fill('{{secret.CRM');
    await expect.poll(() => page.locator('[data-secrets-for="headers.X-Header-2"]').textContent()).toContain('Aucun secret configuré ne commence par CRM');
  });

  it('keeps saving a header whose name is cleared to be retyped, and says in the checks what is missing', async () => {
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/draft') && r.request().method() === 'PUT' && r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
    });
    const headersOnServer = async () =>
      (await server.admin<{ document: { nodes: Array<{ id: string; headers?: Record<string, string> }> } }>('GET', '/api/flows/selfcare-1919/draft')).body.document.nodes.find(
        (n) => n.id === 'lookupSubscriber',
      )?.headers;
    const names = page.getByRole('textbox', { name: 'Nom de l’en-tête', exact: true });
    await names.nth(1).fill('');
    // What the editor types after it is kept too: the value of the row being renamed.
    await page.getByRole('textbox', { name: 'Valeur de l’en-tête', exact: true }).fill('fr-BJ');
    await expect.poll(headersOnServer).toEqual({ Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}', '': 'fr-BJ' });
    expect(refused).toEqual([]);

    await page.locator('[data-panel-button="checks"]').click();
    const issue = page.locator('.issue-row[data-code="row.incomplete"][data-node="lookupSubscriber"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('Ligne 2 à compléter : le nom de l’en-tête');
    await issue.click();

    await names.nth(1).fill('X-Langue');
    await expect.poll(headersOnServer).toEqual({ Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}', 'X-Langue': 'fr-BJ' });
    expect(refused).toEqual([]);
  });

  it('offers a secret configured after the page was opened, once a field gains focus again', async () => {
    // The operator configures a second secret (GRIOT_FLOW_SECRETS on a restarted replica) while the page stays open.
    Object.assign(server.running.services.egress.secretBackends, { CRM_TOKEN: '*' });
    const value = page.getByLabel('Valeur de l’en-tête Authorization');
    const url = page.locator('input[data-field="url"]');
    await value.fill('Bearer {{secret.C');
    const offered = page.locator('[data-secrets-for="headers.Authorization"] [role="option"]');
    // The names are kept a few seconds: leave the field and come back until they are read again.
    await expect
      .poll(
        async () => {
          await url.focus();
          await value.focus();
          return offered.allTextContents();
        },
        { timeout: 30_000 },
      )
      .toEqual(['CRM_TOKEN']);
  });
});
