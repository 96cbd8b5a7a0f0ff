import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sourceStamp } from '@griot/flows';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
/** The large flow the Ctrl+K corner opens; the look-up's corners after it go on there. */
const LARGE = 'coins-grand';
const FLOW = 'coins-1919';
const OLD_FR = 'Bienvenue sur le 1919.';
const NEW_FR = 'Bienvenue sur le 1919, le service client de Griot Telecom.';

/** Enough nodes down the page for the bottom of the canvas to hold some at 1366×768. */
const steps = Array.from({ length: 6 }, (_, i) => ({
  id: `info${i + 1}`,
  type: 'message',
  label: `Information ${i + 1}`,
  position: { x: 0, y: 260 + i * 140 },
  prompt: { fr: { text: `Information numéro ${i + 1}.` }, en: { text: `Information number ${i + 1}.` } },
}));

const flow = {
  schemaVersion: 2,
  id: FLOW,
  name: '1919 — coins de l’éditeur',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
    { code: 'en', name: 'English', tts: { vendor: 'google' } },
  ],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'welcome',
      type: 'message',
      label: 'Bienvenue',
      position: { x: 0, y: 120 },
      // The English was translated from the French before it was rewritten: outdated, a warning.
      prompt: { fr: { text: NEW_FR }, en: { text: 'Welcome to 1919.', sourceStamp: sourceStamp(OLD_FR) } },
    },
    ...steps,
    // A balance look-up whose system was mistyped: « biling » for « billing ».
    { id: 'balance', type: 'http', label: 'Solde via le SI', position: { x: 320, y: 120 }, backend: 'biling', url: '/balance?msisdn={{caller.number}}', responseMapping: [] },
    { id: 'bye', type: 'end', label: 'Au revoir', position: { x: 0, y: 260 + 6 * 140 } },
  ],
  edges: [
    { id: 'e0', source: 'start', output: 'next', target: 'welcome' },
    { id: 'e1', source: 'welcome', output: 'next', target: 'info1' },
    ...steps.map((s, i) => ({ id: `e${i + 2}`, source: s.id, output: 'next', target: steps[i + 1]?.id ?? 'balance' })),
    ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `b-${output}`, source: 'balance', output, target: 'bye' })),
  ],
};

type Doc = { nodes: Array<Record<string, any>> } & Record<string, unknown>;

/**
 * The editor's corners at 1366×768, as the walk found them: Ctrl+K from « Versions » shows the
 * node found; an outdated translation is drawn as the warning it is, not in an error's red; the
 * minimap leaves the bottom nodes alone on a laptop screen; « texte » stays one word in the
 * compare view.
 */
describe.skipIf(missing !== null)('the editor’s corners at 1366×768 in Chromium', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({
      env: {
        GRIOT_BACKENDS_STAGING: 'operator=http://127.0.0.1:9/op,billing=http://127.0.0.1:9/billing',
        GRIOT_BACKENDS_PRODUCTION: 'operator=http://127.0.0.1:9/op,billing=http://127.0.0.1:9/billing',
      },
    });
    const awa = await createUser(server, 'awa', ['editor', 'publisher']);
    expect((await server.admin('POST', '/api/flows', { document: flow })).status).toBe(201);
    const published = await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'v1' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    // The draft then changes the English of one information message: something to compare.
    const current = (await server.admin<{ revision: number; document: Doc }>('GET', `/api/flows/${FLOW}/draft`)).body;
    current.document.nodes.find((n) => n.id === 'info3')!.prompt.en.text = 'Information number three, rewritten.';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: current.document })).status).toBe(200);

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa, `/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  /**
   * The look-up's system as the server's draft holds it. Polled before the page is left: under load
   * the automatic save had not gone yet, and « Modifications non envoyées retrouvées » stood over the
   * flow on the way back (the next tests' clicks then waited 30 s each).
   */
  const savedBackend = async (flowId: string) => (await server.admin<{ document: Doc }>('GET', `/api/flows/${flowId}/draft`)).body.document.nodes.find((n) => n.id === 'balance')?.backend;

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Ctrl+K from « Versions » shows the node found in the inspector', async () => {
    await page.locator('[data-panel-button="versions"]').click();
    await expect.poll(() => page.locator('.side-panel-content').getAttribute('data-panel')).toBe('versions');
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 200 } });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Information 5');
    await page.locator('[data-result="info5"]').click();
    await expect.poll(() => page.locator('.side-panel-content').getAttribute('data-panel')).toBe('inspector');
    await expect.poll(() => page.locator('.side-panel-content input[value="info5"]').count()).toBe(1);
  });

  it('an outdated English translation is drawn in the warning’s orange, not an error’s red', async () => {
    // Ctrl+K from a field of the inspector, where the editor was writing.
    await page.locator('.side-panel-content input[value="info5"]').focus();
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Bienvenue');
    await page.locator('[data-result="welcome"]').click();
    const english = page.locator('textarea[data-field="prompt.en"]');
    await english.waitFor();
    const french = page.locator('textarea[data-field="prompt.fr"]');
    const border = (field: typeof english) => field.evaluate((el) => getComputedStyle(el).borderTopColor);
    const rgb = async (variable: string) =>
      page.evaluate((name) => {
        const probe = document.createElement('div');
        probe.style.color = `var(${name})`;
        document.body.append(probe);
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
      }, variable);
    // The field says why, in orange: the same orange as the warning badges, not the red of an error that blocks publishing.
    await expect.poll(() => border(english)).toBe(await rgb('--mantine-color-orange-8'));
    expect(await border(english)).not.toBe(await rgb('--mantine-color-error'));
    expect(await border(french)).not.toBe(await rgb('--mantine-color-orange-8'));
  });

  it('the minimap leaves the bottom nodes alone at 768 px high, and comes back at a click, remembered', async () => {
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
    const toggle = page.locator('[data-minimap-toggle]');
    expect(await toggle.getAttribute('aria-label')).toBe('Afficher la vue d’ensemble (mini-carte)');
    await toggle.click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(1);
    await page.reload();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(1);
    await page.locator('[data-minimap-toggle]').click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
  });

  it('the compare view keeps « texte » one word', async () => {
    await page.locator('[data-panel-button="versions"]').click();
    const from = page.getByLabel('De', { exact: true }).and(page.locator('input'));
    await expect.poll(() => from.inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Comparer' }).click();
    const field = page.locator('.diff-view [data-diff-node="info3"] .diff-field').first();
    await field.waitFor();
    expect(await field.textContent()).toMatch(/texte$/);
    // The lines the word « texte » is drawn on: one, however narrow the column.
    const lines = await field.evaluate((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent?.includes('texte')) node = walker.nextNode();
      if (!node?.textContent) return -1;
      const range = document.createRange();
      const at = node.textContent.lastIndexOf('texte');
      range.setStart(node, at);
      range.setEnd(node, at + 'texte'.length);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
  });

  it('a look-up naming a system the server does not have says so at the field, and offers the ones it has', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 200 } });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Solde via le SI');
    await page.locator('[data-result="balance"]').click();
    const backend = page.locator('input[data-field="backend"]');
    await backend.waitFor();
    const panel = page.locator('.side-panel-content');
    await expect.poll(() => panel.textContent()).toContain('Ce serveur n’a pas de système « biling » en préproduction ou production');
    await backend.fill('bil');
    // The server's systems are offered under the field, and taken with the mouse.
    await page.getByRole('option', { name: 'billing' }).click();
    await expect.poll(() => backend.inputValue()).toBe('billing');
    await expect.poll(() => panel.textContent()).not.toContain('n’a pas de système');
    await expect.poll(() => savedBackend(FLOW)).toBe('billing');
  });

  it('Ctrl+K to a node not drawn yet: the field the editor went to keeps the focus once the card is drawn', async () => {
    // A large flow draws only the cards in view: the one found is drawn as the canvas moves to it.
    const far = {
      ...flow,
      id: LARGE,
      name: '1919 — grand parcours',
      nodes: [
        ...flow.nodes.filter((n) => n.id !== 'balance'),
        ...Array.from({ length: 150 }, (_, i) => ({
          id: `pad${i}`,
          type: 'message',
          label: `Texte ${i}`,
          position: { x: -400, y: i * 140 },
          prompt: { fr: { text: `Texte ${i}.` }, en: { text: `Text ${i}.` } },
        })),
        { id: 'balance', type: 'http', label: 'Solde très loin', position: { x: 6000, y: 21000 }, backend: 'biling', url: '/balance?msisdn={{caller.number}}', responseMapping: [] },
      ],
    };
    expect((await server.admin('POST', '/api/flows', { document: far })).status).toBe(201);
    await page.goto(`${server.url}/flows/${LARGE}`);
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 200 } });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Rechercher par nom, identifiant ou texte…').fill('Solde très loin');
    await page.locator('[data-result="balance"]').click();
    // The inspector shows the node at once: the editor goes straight to « Système » and types.
    const backend = page.locator('input[data-field="backend"]');
    await backend.fill('bil');
    await page.locator('.react-flow__node[data-id="balance"]').waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    // It once went to the card as it was drawn: the list under the field closed, what was typed next went to the canvas.
    expect(await backend.evaluate((field) => field === document.activeElement)).toBe(true);
    await page.getByRole('option', { name: 'billing' }).click();
    await expect.poll(() => backend.inputValue()).toBe('billing');
    // The next corners go on with this look-up, in this flow: going back to the small one cost a page load and a search (10 s at load 20).
    await expect.poll(() => savedBackend(LARGE)).toBe('billing');
  });

  it('the answer’s fields are picked from a sample answer, and their paths read whole', async () => {
    const panel = page.locator('.side-panel-content');
    await panel.locator('[data-action="sample-answer"]').click();
    const sample = { status: 'ok', data: { msisdn: '+2290197000001', balance: 1250, currency: 'XOF', bundles: [{ name: 'Internet 1 Go', remainingMb: 734 }] } };
    await panel.locator('textarea[data-sample-answer]').fill(JSON.stringify(sample, null, 2));
    // The editor clicks the balance in the answer: no path to know by heart.
    // Buttons in a list, read as such: « Champs de la réponse », « Ranger $.data.balance (1250) dans une variable, bouton ».
    const list = panel.getByRole('list', { name: 'Champs de la réponse' });
    await list.getByRole('button', { name: 'Ranger $.data.balance (1250) dans une variable' }).waitFor();
    // Two fields picked in a row, as quickly as an editor clicks (within the second and a half typing is merged in).
    await panel.evaluate((root) => {
      for (const path of ['$.data.balance', '$.data.bundles[0].remainingMb']) root.querySelector<HTMLElement>(`.sample-field[data-path="${path}"]`)!.click();
    });
    await expect.poll(() => panel.locator('input[data-field="responseMapping.0.path"]').inputValue()).toBe('$.data.balance');
    expect(await panel.locator('input[data-field="responseMapping.0.variable"]').inputValue()).toBe('balance');
    const long = panel.locator('input[data-field="responseMapping.1.path"]');
    await expect.poll(() => long.inputValue()).toBe('$.data.bundles[0].remainingMb');
    // Each pick is a step of its own: « Annuler » takes back the second one only (they were merged, as typing is), and « Rétablir » brings it back.
    await page.getByRole('button', { name: 'Annuler', exact: true }).click();
    await expect.poll(() => panel.locator('input[data-field="responseMapping.1.path"]').count()).toBe(0);
    expect(await panel.locator('input[data-field="responseMapping.0.path"]').inputValue()).toBe('$.data.balance');
    await page.getByRole('button', { name: 'Rétablir', exact: true }).click();
    await expect.poll(() => long.inputValue()).toBe('$.data.bundles[0].remainingMb');
    // Ctrl+Z in the sample takes back what was pasted there, not the flow's last edit.
    await panel.locator('textarea[data-sample-answer]').press('Control+z');
    expect(await long.inputValue()).toBe('$.data.bundles[0].remainingMb');
    // The « Chemin JSON » field shows the whole path at 1366×768, not its first half.
    expect(await long.evaluate((field) => field.scrollWidth <= field.clientWidth)).toBe(true);
    // Both rows reach the server's draft, each with an id of its own (what a merge knows a row by).
    await expect
      .poll(async () => (await server.admin<{ document: Doc }>('GET', `/api/flows/${LARGE}/draft`)).body.document.nodes.find((n) => n.id === 'balance')?.responseMapping)
      .toEqual([
        { id: expect.stringMatching(/^m-/), variable: 'balance', path: '$.data.balance' },
        { id: expect.stringMatching(/^m-/), variable: 'remainingMb', path: '$.data.bundles[0].remainingMb' },
      ]);
    const ids = (await server.admin<{ document: Doc }>('GET', `/api/flows/${LARGE}/draft`)).body.document.nodes.find((n) => n.id === 'balance')?.responseMapping?.map((row: { id?: string }) => row.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('« Enregistrer » says « Enregistrement… » while the draft is on its way', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    await page.route(`**/api/flows/${LARGE}/draft`, async (route) => {
      if (route.request().method() === 'PUT') await held;
      await route.continue();
    });
    try {
      await page.locator('input[data-field="url"]').fill('/balance?msisdn={{caller.number}}&full=1');
      // The editor clicks it, unless the automatic save already started (the button is then already saying so).
      await page.locator('[data-action="save"]').evaluate((button: HTMLButtonElement) => button.click());
      const button = page.locator('[data-action="save"]');
      await expect.poll(() => button.textContent()).toBe('Enregistrement…');
      expect(await button.isDisabled()).toBe(true);
    } finally {
      release();
    }
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toBe('Enregistrer');
    await page.unrouteAll({ behavior: 'wait' });
  });
});
