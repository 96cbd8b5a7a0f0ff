import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { ADMIN_TOKEN, createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { microphoneWav } from './support/fakeMicrophone.ts';

const missing = chromiumMissing();
const FLOW = 'accueil-1919';
/** Before/after screenshots for the review: `T11_SHOTS=before` when run on the code before the change. */
const SHOTS = `/work/notes/t11-${process.env.T11_SHOTS ?? 'after'}`;

const OLD_WELCOME = 'Bienvenue sur le 1919, le service client de Griot Telecom.';
const NEW_WELCOME = 'Bienvenue sur le 1919, le service client de Griot Telecom. Nouveau : consultez votre solde par SMS.';

const flow = {
  schemaVersion: 2,
  id: FLOW,
  name: '1919 — accueil',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
    { code: 'en', name: 'English', tts: { vendor: 'google' } },
    { code: 'fon', name: 'Fon', tts: null },
  ],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'welcome',
      type: 'message',
      label: 'Bienvenue',
      position: { x: 0, y: 120 },
      prompt: { fr: { text: OLD_WELCOME }, en: { text: 'Welcome to 1919, Griot Telecom customer service.' }, fon: { audio: 'fon/welcome.wav' } },
    },
    {
      id: 'menu',
      type: 'menu',
      label: 'Menu principal',
      position: { x: 0, y: 260 },
      prompt: { fr: { text: 'Tapez 1 pour votre code PUK, 2 pour votre solde.' }, en: { text: 'Press 1 for your PUK code, 2 for your balance.' }, fon: { audio: 'fon/menu.wav' } },
      options: [
        { id: 'puk', key: '1', label: { fr: 'Code PUK', en: 'PUK code', fon: 'PUK' } },
        { id: 'balance', key: '2', label: { fr: 'Solde', en: 'Balance', fon: 'Solde' } },
      ],
    },
    { id: 'bye', type: 'end', label: 'Au revoir', position: { x: 0, y: 420 } },
    { id: 'pukEnd', type: 'end', label: 'Fin PUK', position: { x: 250, y: 420 } },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
    { id: 'e2', source: 'welcome', output: 'next', target: 'menu' },
    { id: 'e3', source: 'menu', output: 'puk', target: 'pukEnd' },
    { id: 'e4', source: 'menu', output: 'balance', target: 'bye' },
    { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
  ],
};

type Doc = { nodes: Array<Record<string, any>>; edges: Array<Record<string, string>> } & Record<string, unknown>;

/**
 * A content editor's day after the review: rewriting the French welcome sends its English text
 * and Fon recording to review ("à revoir", the old and new French side by side, a filter, the
 * publish dialog listing them, "Toujours correct" or a new translation clearing them); and the
 * versions panel compares what production runs with the draft, readably: texts in full, a new
 * option by its label, key and target, and the old and new Fon recordings playable.
 */
describe.skipIf(missing !== null)('stale translations and the version diff in Chromium', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  const upload = async (name: string, tone: number) => {
    const response = await fetch(`${server.url}/api/flows/${FLOW}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body: new Uint8Array(microphoneWav(tone, 1, 8000)),
    });
    expect(response.status).toBeLessThan(300);
  };
  const draft = async () => (await server.admin<{ revision: number; document: Doc }>('GET', `/api/flows/${FLOW}/draft`)).body;

  beforeAll(async () => {
    server = await startGriot();
    const awa = await createUser(server, 'awa', ['editor', 'publisher']);
    expect((await server.admin('POST', '/api/flows', { document: flow })).status).toBe(201);
    await upload('fon/welcome.wav', 440);
    await upload('fon/menu.wav', 550);
    // Version 1 runs in production; version 2 (a note only) was published after it and waits.
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'v1' })).status).toBe(201);
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
    const first = await draft();
    first.document.nodes.find((n) => n.id === 'bye')!.notes = 'Fin normale';
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: first.revision, document: first.document })).status).toBe(200);
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'v2' })).status).toBe(201);

    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa, `/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const cell = (row: string, locale: string) => page.locator(`[data-cell="${row}|${locale}"]`);

  it('rewriting the French welcome marks its English text and Fon recording "à revoir", with the old and new French', async () => {
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Traductions$/ }).click();
    await cell('welcome|prompt', 'en').waitFor();
    // A flow written before translations remembered their source: nothing is flagged on opening.
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);

    await page.locator('[data-cell-input="welcome|prompt|fr"]').fill(NEW_WELCOME);
    await expect.poll(async () => (await draft()).document.nodes.find((n) => n.id === 'welcome')!.prompt.fr.text).toBe(NEW_WELCOME);
    await page.screenshot({ path: `${SHOTS}-translations-stale.png` });

    const en = cell('welcome|prompt', 'en');
    await expect.poll(() => en.getAttribute('data-stale')).toBe('true');
    expect(await en.locator('.stale-mark').textContent()).toContain('à revoir');
    expect(await en.locator('[data-stale-before]').textContent()).toBe(OLD_WELCOME);
    expect(await en.locator('[data-stale-after]').textContent()).toBe(NEW_WELCOME);
    const fon = cell('welcome|prompt', 'fon');
    expect(await fon.getAttribute('data-stale')).toBe('true');
    expect(await fon.locator('.stale-mark').textContent()).toContain('enregistrement fait d’après l’ancien texte');
    // The French itself and the untouched menu are not flagged.
    expect(await cell('welcome|prompt', 'fr').getAttribute('data-stale')).toBeNull();
    expect(await page.locator('[data-stale="true"]').count()).toBe(2);
    expect(await page.locator('[data-stale-count="en"]').textContent()).toBe('1 à revoir');

    // The filter shows only the rows to review.
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^À revoir$/ }).click();
    await expect.poll(() => page.locator('tr[data-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')))).toEqual(['welcome|prompt']);
  });

  it('the publish dialog lists them as warnings, without refusing', async () => {
    await page.locator('[data-action="publish"]').click();
    const dialog = page.getByRole('dialog', { name: 'Publier une version' });
    const stale = dialog.locator('.publish-stale [data-code="translation.stale"]');
    await expect.poll(() => stale.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['prompt.en', 'prompt.fon']);
    expect(await stale.first().textContent()).toContain('en EN fait d’après un ancien texte');
    await dialog.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Accueil réécrit');
    expect(await dialog.getByRole('button', { name: 'Publier' }).isDisabled()).toBe(false);
    await page.screenshot({ path: `${SHOTS}-publish-stale.png` });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('a new English text and "Toujours correct" on the Fon recording clear the flags, and the draft keeps it', async () => {
    await page.locator('[data-cell-input="welcome|prompt|en"]').fill('Welcome to 1919, Griot Telecom customer service. New: check your balance by SMS.');
    await expect.poll(() => cell('welcome|prompt', 'en').getAttribute('data-stale')).toBeNull();
    await cell('welcome|prompt', 'fon').locator('[data-action="confirm-translation"]').click();
    await expect.poll(() => page.locator('[data-stale="true"]').count()).toBe(0);
    const welcomePrompt = async () => (await draft()).document.nodes.find((n) => n.id === 'welcome')!.prompt;
    // Saved once the new English and the confirmed Fon recording both name the new French.
    await expect
      .poll(async () => {
        const { en, fon } = await welcomePrompt();
        return en.text.includes('New:') && fon.audioSourceStamp === en.sourceStamp;
      })
      .toBe(true);
    // Saved: reopening the draft shows nothing to review.
    await page.reload();
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Traductions$/ }).click();
    await cell('welcome|prompt', 'en').waitFor();
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
    const saved = await welcomePrompt();
    expect(saved.en.sourceStamp).toMatch(/^s1:[0-9a-f]{12}$/);
    expect(saved.fon.audioSourceStamp).toBe(saved.en.sourceStamp);
  });

  it('the versions panel compares production with the draft: full texts, the new option by label and target, both Fon recordings playable', async () => {
    // Meanwhile the Fon welcome was re-recorded and the menu got a third option leading to "Au revoir".
    await upload('fon/welcome-2.wav', 660);
    const current = await draft();
    const doc = current.document;
    doc.nodes.find((n) => n.id === 'welcome')!.prompt.fon = { audio: 'fon/welcome-2.wav' };
    doc.nodes.find((n) => n.id === 'menu')!.options.push({ id: 'bundles', key: '3', label: { fr: 'Forfaits et offres', en: 'Bundles and offers', fon: 'Forfaits' } });
    doc.edges.push({ id: 'e7', source: 'menu', output: 'bundles', target: 'bye' });
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    await page.reload();
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Canevas$/ }).click();
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-env-version="production"]').waitFor();
    const from = page.getByLabel('De', { exact: true }).and(page.locator('input'));
    await expect.poll(() => from.inputValue()).not.toBe('');
    const defaults = [await from.inputValue(), await page.getByLabel('À', { exact: true }).and(page.locator('input')).inputValue()];
    await page.getByRole('button', { name: 'Comparer' }).click();
    const welcome = page.locator('.diff-view [data-diff-node="welcome"]');
    await welcome.waitFor();
    await page.screenshot({ path: `${SHOTS}-diff.png` });

    // What an editor asks before publishing: production against the draft.
    expect(defaults).toEqual(['v1 (production)', 'Brouillon']);
    // The French text in full, old and new.
    expect(await welcome.locator('.diff-after', { hasText: NEW_WELCOME }).count()).toBe(1);
    expect(await welcome.locator('.diff-before', { hasText: OLD_WELCOME }).count()).toBe(1);
    // The option by its label, key and the node it leads to; no JSON anywhere.
    const menu = page.locator('.diff-view [data-diff-node="menu"]');
    expect(await menu.locator('[data-diff-option="bundles"]').textContent()).toBe('« Forfaits et offres » · Touche 3 → Au revoir');
    expect(await page.locator('.diff-view').textContent()).not.toMatch(/[{}"]/);
    // Which source text a translation was made from is bookkeeping, not shown.
    expect(await page.locator('.diff-view [data-diff-field$="SourceStamp"], .diff-view [data-diff-field$="sourceStamp"]').count()).toBe(0);

    // The old and the new Fon take, each with its ▶, served by the server.
    const before = welcome.locator('[data-diff-audio="before"]');
    const after = welcome.locator('[data-diff-audio="after"]');
    expect(await before.getAttribute('data-audio-name')).toBe('fon/welcome.wav');
    expect(await after.getAttribute('data-audio-name')).toBe('fon/welcome-2.wav');
    for (const [player, name] of [
      [before, 'fon/welcome.wav'],
      [after, 'fon/welcome-2.wav'],
    ] as const) {
      const served = page.waitForResponse((r) => r.url().endsWith(`/audio/${FLOW}/${name}`));
      await player.getByRole('button').click();
      expect((await served).status()).toBeLessThan(300);
    }
  });

  it('a channel wording and a menu option label translated from a French that changed are « à revoir » too, until confirmed', async () => {
    // The menu has a WhatsApp wording in French and in English (written before stamps).
    const current = await draft();
    const menu = current.document.nodes.find((n) => n.id === 'menu')!;
    menu.prompt.fr.variants = { whatsapp: { text: 'Choisissez : code PUK ou solde.' } };
    menu.prompt.en.variants = { whatsapp: { text: 'Choose: PUK code or balance.' } };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: current.document })).status).toBe(200);
    await page.reload();
    await page.locator('.mantine-SegmentedControl-label', { hasText: /^Traductions$/ }).click();
    const whatsapp = cell('menu|prompt|whatsapp', 'en');
    await whatsapp.waitFor();
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);

    await page.locator('[data-cell-input="menu|prompt|whatsapp|fr"]').fill('Choisissez : code PUK, solde ou forfaits.');
    await expect.poll(() => whatsapp.getAttribute('data-stale')).toBe('true');
    expect(await whatsapp.locator('[data-stale-before]').textContent()).toBe('Choisissez : code PUK ou solde.');
    expect(await whatsapp.locator('[data-stale-after]').textContent()).toBe('Choisissez : code PUK, solde ou forfaits.');

    await page.locator('[data-cell-input="menu|options.1.label|fr"]').fill('Solde et forfaits');
    const label = cell('menu|options.1.label', 'en');
    await expect.poll(() => label.getAttribute('data-stale')).toBe('true');
    expect(await label.locator('.stale-mark').textContent()).toContain('à revoir');
    expect(await label.locator('[data-stale-before]').textContent()).toBe('Solde');

    // The publish dialog lists both, at their place.
    await page.locator('[data-action="publish"]').click();
    const dialog = page.getByRole('dialog', { name: 'Publier une version' });
    const listed = dialog.locator('.publish-stale [data-code="translation.stale"]');
    await expect.poll(() => listed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(expect.arrayContaining(['prompt.en.variants.whatsapp', 'options.1.label.en']));
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // « Toujours correct » on each clears it, and the draft keeps it.
    await whatsapp.locator('[data-action="confirm-translation"]').click();
    await label.locator('[data-action="confirm-translation"]').click();
    await expect.poll(() => whatsapp.getAttribute('data-stale')).toBeNull();
    await expect.poll(() => label.getAttribute('data-stale')).toBeNull();
    await expect
      .poll(async () => {
        const saved = (await draft()).document.nodes.find((n) => n.id === 'menu')!;
        return [saved.prompt.en.variants?.whatsapp?.sourceStamp !== undefined, saved.options[1].labelSourceStamps?.en !== undefined];
      })
      .toEqual([true, true]);
  });
});
