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
});
