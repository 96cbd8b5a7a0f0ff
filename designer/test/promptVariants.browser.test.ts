import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { selectNode } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW_ID = 'variantes';

const flow = {
  schemaVersion: 2,
  id: FLOW_ID,
  name: 'Variantes',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'menu',
      type: 'menu',
      position: { x: 0, y: 150 },
      prompt: { fr: { text: 'Tapez 1 pour votre solde, 2 pour un conseiller.' } },
      options: [
        { id: 'o1', key: '1', label: { fr: 'Solde' } },
        { id: 'o2', key: '2', label: { fr: 'Conseiller' } },
      ],
    },
    { id: 'bye', type: 'end', position: { x: 0, y: 300 }, prompt: { fr: { text: 'Au revoir.' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'o1', target: 'bye' },
    { id: 'e3', source: 'menu', output: 'o2', target: 'bye' },
    { id: 'e4', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e5', source: 'menu', output: 'noMatch', target: 'bye' },
  ],
};

const SMS_WORDING = 'Répondez 1 pour votre solde, 2 pour un conseiller.';

/**
 * An editor writes the SMS wording of a menu's prompt in the inspector: too long, the count and
 * the checks say so; shortened, it is saved in the draft, the simulator's SMS phone shows it
 * (marked as the SMS wording) and a simulated call still says the plain text.
 */
describe.skipIf(missing !== null)('prompt variants per channel in Chromium', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot();
    const awa = await createUser(server, 'awa', ['editor']);
    expect((await server.admin('POST', '/api/flows', { document: flow })).status).toBe(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa, `/flows/${FLOW_ID}`);
    await page.locator('.react-flow__node[data-id="menu"]').waitFor();
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

  it('adds an SMS variant; one longer than an SMS message is counted and flagged by the checks', async () => {
    await selectNode(page, 'menu');
    await page.locator('[data-variants="prompt.fr"] [data-action="add-variant"]').click();
    await page.locator('[data-variant="sms"]').click();
    // Named in words for screen readers: the field, the language, the variant.
    const variant = page.getByRole('textbox', { name: /^Message \(.+\), variante SMS$/ });
    await variant.fill('Répondez 1 pour votre solde. '.repeat(25));
    // 725 characters, and the numbered menu under them in the same SMS ("\n\n1. Solde\n2. Conseiller"): as the checks count.
    await expect.poll(() => page.locator('[data-count="prompt.fr.variants.sms"]').textContent()).toBe('749 / 670');
    await page.locator('[data-panel-button="checks"]').click();
    const issue = page.locator('.issue-row[data-code="prompt.tooLongForChannel"][data-node="menu"][data-field="prompt.fr.variants.sms"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('749');

    await selectNode(page, 'menu');
    await page.locator('textarea[data-field="prompt.fr.variants.sms"]').fill(SMS_WORDING);
    await expect.poll(() => page.locator('[data-count="prompt.fr.variants.sms"]').textContent()).toBe(`${SMS_WORDING.length + 24} / 670`);
    await page.locator('[data-panel-button="checks"]').click();
    await page.getByText('Aucun problème').waitFor();
  });

  const channel = (name: string) => page.locator('.mantine-SegmentedControl-label', { hasText: new RegExp(`^${name}$`) }).click();

  it('the SMS simulator shows the variant, saved in the draft; a simulated call says the plain text', async () => {
    await page.locator('[data-panel-button="simulator"]').click();
    await channel('SMS');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.wa-bubble.in', { hasText: SMS_WORDING }).waitFor();
    // The numbered menu follows the SMS wording in the same message.
    expect(await page.locator('.wa-bubble.in', { hasText: SMS_WORDING }).textContent()).toContain('1. Solde');
    await page.locator('[data-said-variant="menu:sms"]').waitFor();
    // Starting the simulator saved the draft: the variant is in the document on the server.
    const draft = await server.admin<{ document: typeof flow }>('GET', `/api/flows/${FLOW_ID}/draft`);
    expect(draft.body.document.nodes.find((n) => n.id === 'menu')?.prompt).toEqual({
      fr: { text: 'Tapez 1 pour votre solde, 2 pour un conseiller.', variants: { sms: { text: SMS_WORDING } } },
    });

    await page.getByRole('button', { name: 'Arrêter' }).click();
    await channel('Appel vocal');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.bubble.flow', { hasText: 'Tapez 1 pour votre solde' }).waitFor();
    expect(await page.locator('.bubble.flow', { hasText: SMS_WORDING }).count()).toBe(0);
    expect(await page.locator('[data-said-variant]').count()).toBe(0);
  });

  it('the Messenger and USSD phones say which prompts were said in their variant, as the other channels do', async () => {
    const wordings = { messenger: 'Choisissez votre service.', ussd: 'Tapez 1: solde, 2: conseiller.' };
    await page.getByRole('button', { name: 'Arrêter' }).click();
    for (const [key, text] of Object.entries(wordings)) {
      await selectNode(page, 'menu');
      await page.locator('[data-variants="prompt.fr"] [data-action="add-variant"]').click();
      await page.locator(`[data-variant="${key}"]`).click();
      await page.locator(`textarea[data-field="prompt.fr.variants.${key}"]`).fill(text);
    }
    await page.locator('[data-panel-button="simulator"]').click();
    await channel('Messenger');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.wa-bubble.in', { hasText: wordings.messenger }).waitFor();
    await page.locator('[data-said-variant="menu:messenger"]').waitFor();

    await page.getByRole('button', { name: 'Arrêter' }).click();
    await channel('USSD');
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('[data-screen]', { hasText: wordings.ussd }).waitFor();
    await page.locator('[data-said-variant="menu:ussd"]').waitFor();
  });

  it('the translation table lists each variant under its prompt, editable in place', async () => {
    await page.getByRole('button', { name: 'Arrêter' }).click();
    const view = (name: string) => page.locator('.mantine-SegmentedControl-label', { hasText: new RegExp(`^${name}$`) }).click();
    await view('Traductions');
    const sms = page.locator('[data-cell-input="menu|prompt|sms|fr"]');
    expect(await sms.inputValue()).toBe(SMS_WORDING);
    expect(await page.locator('[data-row="menu|prompt|ussd"] [data-cell-input="menu|prompt|ussd|fr"]').inputValue()).toBe('Tapez 1: solde, 2: conseiller.');
    // The rows follow the prompt's own: its text, then SMS, Messenger, USSD (the channels' order).
    const rows = await page.locator('tr[data-row^="menu|prompt"]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(rows).toEqual(['menu|prompt', 'menu|prompt|sms', 'menu|prompt|messenger', 'menu|prompt|ussd']);
    await sms.fill('Répondez 1 (solde) ou 2 (conseiller).');
    await view('Canevas');
    await selectNode(page, 'menu');
    expect(await page.locator('textarea[data-field="prompt.fr.variants.sms"]').inputValue()).toBe('Répondez 1 (solde) ou 2 (conseiller).');
  });
});
