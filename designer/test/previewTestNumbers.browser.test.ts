import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';
/** The demo's test SIM, listed as a tester on 1919 (runtime/src/demo/demoDefaults.ts). */
const DEMO_TEST_NUMBER = '+2290197000090';

type Binding = { id: string; channel: string; address: string; flowId: string; environment: string; testers: Array<{ number: string }>; settings: Record<string, unknown> };

/**
 * Security review: the simulator let a tester type any subscriber's number and read their PUK
 * from the staging system. Now, with "Système de préproduction", the number is one of the test
 * numbers an admin listed; without any, the simulator says so and does not start. And the staging
 * system runs only a version a publisher vetted: an editor's draft is offered test data only.
 */
describe.skipIf(missing !== null)('simulator: the staging system only as a test number', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  async function setTesters(numbers: string[]): Promise<void> {
    const voice = (await server.admin<Binding[]>('GET', '/api/bindings')).body.find((b) => b.channel === 'voice')!;
    const { channel, address, flowId, environment, settings } = voice;
    expect((await server.admin('PUT', `/api/bindings/${voice.id}`, { channel, address, flowId, environment, settings, testers: numbers.map((number) => ({ number })) })).status).toBe(200);
  }

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const tester = await createUser(server, 'tess', ['editor', 'tester']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, tester);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers the test numbers instead of a free number, and reads the test SIM’s PUK', async () => {
    const starts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/preview/sessions')) starts.push(request);
    });
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="simulator"]').click();
    // The simulator opens on the staging system as the test SIM (simulatorDefaults.browser.test.ts): start from the draft, no system and a subscriber's number.
    await expect.poll(() => page.getByRole('textbox', { name: 'Appels au SI', exact: true }).inputValue()).toBe('Système de préproduction');
    await choose(page, 'Version', 'Brouillon');
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    // With test data, any number may be typed.
    await page.getByRole('textbox', { name: "Numéro de l'appelant", exact: true }).fill('+2290197000001');

    // An editor's draft is not offered the staging system (it could ask it about anyone): the simulator says why.
    const stagingOption = async () => {
      await page.getByRole('textbox', { name: 'Appels au SI', exact: true }).click();
      const option = page.getByRole('option', { name: 'Système de préproduction', exact: true });
      await option.waitFor();
      const disabled = (await option.getAttribute('data-combobox-disabled')) !== null || (await option.getAttribute('aria-disabled')) === 'true';
      await page.keyboard.press('Escape');
      return disabled;
    };
    expect(await stagingOption()).toBe(true);
    expect(await page.locator('[data-staging-refused="draft"]').textContent()).toContain('n’exécute que ce qu’un publieur a validé');
    // The version production runs is: offered.
    await choose(page, 'Version', 'Production');
    await page.locator('[data-staging-refused]').waitFor({ state: 'detached' });
    expect(await stagingOption()).toBe(false);

    await choose(page, 'Appels au SI', 'Système de préproduction');
    const picker = page.getByRole('textbox', { name: 'Numéro de test', exact: true });
    // The subscriber's number set before is not a test number: the test SIM takes its place.
    await expect.poll(() => picker.inputValue()).toBe(DEMO_TEST_NUMBER);
    await picker.click();
    expect(await page.getByRole('option').allTextContents()).toEqual([`${DEMO_TEST_NUMBER} · Appel vocal 1919`]);
    await page.keyboard.press('Escape');
    await page.getByText('seulement pour les numéros de test').waitFor();

    await page.locator('[data-action="start-simulator"]').click();
    await page.getByRole('button', { name: 'Touche 1' }).click(); // français
    await page.locator('.bubble.flow[data-node="mainMenu"]').waitFor();
    await page.getByRole('button', { name: 'Touche 1' }).click(); // code PUK
    await page.locator('.bubble.flow', { hasText: 'Votre code PUK est' }).waitFor();
    expect(starts.map((r) => r.postDataJSON())).toEqual([expect.objectContaining({ source: 'production', callerNumber: DEMO_TEST_NUMBER, useBackend: true })]);
    await page.getByRole('button', { name: 'Arrêter' }).click();
  });

  it('says in French why it refuses a number taken off the list, does not start without a test number, and Bindings lists the new one', async () => {
    // Taken off the list while the simulator still offers it: the server refuses, in the user's words.
    await setTesters([]);
    await page.locator('[data-action="start-simulator"]').click();
    await page.getByText(`${DEMO_TEST_NUMBER} n’est pas un numéro de test`).waitFor();

    // Read again when the staging system is chosen again: none left.
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    await choose(page, 'Appels au SI', 'Système de préproduction');
    await page.locator('[data-no-test-number]').waitFor();
    expect(await page.getByText('n’est pas un numéro de test').count()).toBe(0);
    expect(await page.locator('[data-no-test-number]').textContent()).toContain('Aucun numéro de test');
    expect(await page.locator('[data-action="start-simulator"]').isDisabled()).toBe(true);

    // An admin lists one: offered at once the next time.
    await setTesters(['01 97 00 00 31']);
    await choose(page, 'Appels au SI', 'Aucun (erreur)');
    await choose(page, 'Appels au SI', 'Système de préproduction');
    await expect.poll(() => page.getByRole('textbox', { name: 'Numéro de test', exact: true }).inputValue()).toBe('+2290197000031');
    expect(await page.locator('[data-action="start-simulator"]').isDisabled()).toBe(false);

    // The Bindings page lists every test number and where its calls go (read-only to a tester).
    await page.goto(`${server.url}/admin/bindings`);
    const row = page.locator('[data-test-number="+2290197000031"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/\+229 01 97 00 00 31.*1919 → Préproduction/);
  });

  it('disables an editor’s “Mettre en préproduction” for a version with look-ups no publisher vetted, saying why', async () => {
    // Version 2 changes the look-up; no publisher put it anywhere.
    const draft = (await server.admin<{ revision: number; document: { nodes: Array<{ id: string; url?: string }> } }>('GET', `/api/flows/${FLOW}/draft`)).body;
    const lookup = draft.document.nodes.find((n) => n.id === 'lookupSubscriber')!;
    lookup.url = lookup.url!.replace('{{caller.number}}', '%2B2290197000055');
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'look-up by number' })).status).toBe(201);

    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 2' }).click();
    const item = page.getByRole('menuitem', { name: /Mettre en préproduction/ });
    await expect.poll(() => item.getAttribute('data-staging-refused')).toBe('true');
    expect(await item.isDisabled()).toBe(true);
    expect(await item.textContent()).toContain('Seul un publieur peut mettre cette version en préproduction');
    expect(await item.textContent()).toContain('lookupSubscriber');
    await page.keyboard.press('Escape');
    // The server says the same.
    expect((await server.admin<{ environments: unknown }>('GET', `/api/flows/${FLOW}/environments`)).body).toMatchObject({ staging: { version: 1 } });
  });
});
