import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { en } from '../src/i18n/en.ts';
import { fr } from '../src/i18n/fr.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/** Every leaf of a dictionary, by its path. */
function leaves(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(path, value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, `${path}.${k}`)) out.set(p, s);
  return out;
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? [])
      .slice(0, 3)
      .map(Number)
      .map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * What people who use Griot all day expect: start a flow from a template, find flows by search
 * and folder, name a version "Ramadan 2027", work in dark mode, and hear the editor's controls
 * named in French.
 */
describe.skipIf(missing !== null)('everyday comforts: templates, search and folders, version labels, dark mode, French labels', () => {
  let server: GriotServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const user = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, user);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a flow from the survey template, filed in a folder, lint-clean at once', async () => {
    await page.getByRole('button', { name: 'Nouveau parcours' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau parcours' });
    await dialog.getByRole('radio', { name: /Enquête de satisfaction/ }).click();
    await dialog.getByRole('textbox', { name: 'Nom', exact: true }).fill('Enquête Ramadan');
    await dialog.getByRole('textbox', { name: 'Dossier' }).fill('Campagnes/Ramadan');
    expect(await dialog.getByText('Le modèle est en français et en anglais').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await page.waitForURL(`${server.url}/flows/enquete-ramadan`);
    await page.locator('.react-flow__node[data-id="rating"]').waitFor({ state: 'attached' });
    // The start node reads « Début », as a blank flow's does, not its id.
    expect(await page.locator('.react-flow__node[data-id="start"]').textContent()).toContain('Début');
    expect(await page.locator('.react-flow__node[data-id="start"]').textContent()).not.toContain('start');
    // The rail's tooltip goes once its panel is open, rather than sitting over the panel.
    const languages = page.locator('[data-panel-button="languages"]');
    await languages.hover();
    await page.getByRole('tooltip', { name: 'Langues et voix' }).waitFor();
    await languages.click();
    await page.locator('.side-panel-content[data-panel="languages"]').waitFor();
    await expect.poll(() => page.getByRole('tooltip', { name: 'Langues et voix' }).count()).toBe(0);
    await page.mouse.move(10, 10);

    const draft = await server.admin<{ document: { name: string; settings: { folder?: string }; nodes: unknown[]; tests: unknown[] } }>('GET', '/api/flows/enquete-ramadan/draft');
    expect(draft.body.document).toMatchObject({ name: 'Enquête Ramadan', settings: { folder: 'Campagnes/Ramadan' } });
    expect(draft.body.document.tests.length).toBeGreaterThan(5);
    const errors = await page.evaluate(
      () => (window as unknown as { __griot: { lintStore: { getState(): { issues: Array<{ severity: string }> } } } }).__griot.lintStore.getState().issues.filter((i) => i.severity === 'error').length,
    );
    expect(errors).toBe(0);
    // Its scripted conversations pass on the server as they are.
    const report = await server.admin<{ passed: number; failed: number }>('POST', '/api/flows/enquete-ramadan/tests/run', { version: 'draft' });
    expect(report.body).toMatchObject({ failed: 0 });
  });

  it('finds flows by search and folder, remembers the folder, and files a flow in one', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('.flow-list-page').waitFor();
    const rows = () => page.locator('tr[data-flow-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-flow-id')));
    expect(await rows()).toEqual([FLOW, 'enquete-ramadan']);

    const search = page.getByRole('searchbox', { name: 'Rechercher un parcours' });
    await search.fill('ramadan');
    await expect.poll(rows).toEqual(['enquete-ramadan']);
    await search.fill('GRIOT telecom 1919');
    await expect.poll(rows).toEqual([FLOW]);
    await search.fill('nulle part');
    await page.getByText('Aucun parcours ne correspond à cette recherche.').waitFor();
    await search.fill('');

    // The folder filter, remembered after a reload.
    await page.getByRole('textbox', { name: 'Filtrer par dossier' }).click();
    await page.getByRole('option', { name: 'Campagnes/Ramadan (1)' }).click();
    await expect.poll(rows).toEqual(['enquete-ramadan']);
    await page.reload();
    await page.locator('.flow-list-page').waitFor();
    await expect.poll(rows).toEqual(['enquete-ramadan']);
    await page.getByRole('textbox', { name: 'Filtrer par dossier' }).click();
    await page.getByRole('option', { name: 'Sans dossier' }).click();
    await expect.poll(rows).toEqual([FLOW]);

    // Filed in a folder from the list: saved in the draft, shown in the row.
    await page.locator(`tr[data-flow-id="${FLOW}"] button[aria-label^="Actions pour"]`).click();
    await page.locator('[data-action="move-to-folder"]').click();
    const move = page.getByRole('dialog');
    await move.getByRole('textbox', { name: 'Dossier' }).fill('Self-care');
    await move.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('textbox', { name: 'Filtrer par dossier' }).click();
    await page.getByRole('option', { name: 'Tous les dossiers' }).click();
    await expect.poll(() => page.locator(`tr[data-flow-id="${FLOW}"] td[data-folder]`).getAttribute('data-folder')).toBe('Self-care');
    const draft = await server.admin<{ document: { settings: { folder?: string } } }>('GET', `/api/flows/${FLOW}/draft`);
    expect(draft.body.document.settings.folder).toBe('Self-care');
  });

  it('names version 1 "Ramadan 2027", publishes version 2 with a name, and shows both where versions appear', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor({ state: 'attached' });
    await page.locator('[data-panel-button="versions"]').click();
    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.locator('[data-action="label-version"]').click();
    const naming = page.getByRole('dialog', { name: 'Nom de la version 1' });
    await naming.getByRole('textbox', { name: 'Nom de la version (facultatif)' }).fill('Ramadan 2027');
    await naming.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.locator('[data-version-label="1"]').textContent()).toBe('Ramadan 2027');
    // Production and staging run version 1: their cards say its name.
    expect(await page.locator('[data-env-label="production"]').textContent()).toBe('Ramadan 2027');
    expect(await page.locator('[data-env-label="staging"]').textContent()).toBe('Ramadan 2027');

    // The draft changed (its folder): published as version 2 with a name of its own.
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Rangé dans Self-care');
    await publish.getByRole('textbox', { name: 'Nom de la version (facultatif)' }).fill('Tabaski 2026');
    await publish.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(() => page.locator('[data-version-label="2"]').textContent()).toBe('Tabaski 2026');
    const versions = await server.admin<Array<{ number: number; label?: string }>>('GET', `/api/flows/${FLOW}/versions`);
    expect(versions.body.map((v) => [v.number, v.label])).toEqual([
      [1, 'Ramadan 2027'],
      [2, 'Tabaski 2026'],
    ]);
    // The simulator's version list names them too.
    await page.locator('[data-panel-button="simulator"]').click();
    await page.getByRole('textbox', { name: 'Version', exact: true }).click();
    await page.getByRole('option', { name: 'v2 · Tabaski 2026' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('switches to dark mode, keeps the canvas readable, and remembers it after a reload', async () => {
    const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    expect(await scheme()).toBe('light');
    await page.getByRole('button', { name: 'Passer en mode sombre' }).click();
    await expect.poll(scheme).toBe('dark');
    const colours = () =>
      page.locator('.react-flow__node[data-id="welcome"] .flow-node').evaluate((card) => {
        const title = card.querySelector('.flow-node-title') as HTMLElement;
        const prompt = card.querySelector('.node-prompt') as HTMLElement;
        return {
          card: getComputedStyle(card).backgroundColor,
          title: getComputedStyle(title).color,
          prompt: getComputedStyle(prompt).backgroundColor,
          promptText: getComputedStyle(prompt).color,
          canvas: getComputedStyle(document.querySelector('.react-flow') as HTMLElement).backgroundColor,
        };
      });
    const dark = await colours();
    expect(contrast(dark.card, 'rgb(0, 0, 0)')).toBeLessThan(2); // a dark card…
    expect(contrast(dark.title, dark.card)).toBeGreaterThan(4.5); // …with text that reads (WCAG AA)
    expect(contrast(dark.promptText, dark.prompt)).toBeGreaterThan(4.5);
    expect(contrast(dark.canvas, 'rgb(0, 0, 0)')).toBeLessThan(2);

    await page.reload();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor({ state: 'attached' });
    expect(await scheme()).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('griot.colorScheme'))).toBe('dark');
    await page.getByRole('button', { name: 'Passer en mode clair' }).click();
    await expect.poll(scheme).toBe('light');
    const light = await colours();
    expect(contrast(light.card, 'rgb(255, 255, 255)')).toBeLessThan(1.2);
  });

  it('names the editor’s controls in French: canvas, links, fields, simulator', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor({ state: 'attached' });
    await page.locator('.react-flow__node[data-id="welcome"]').click();
    await page.locator('[data-panel-button="inspector"]').click();
    await page.locator('[data-panel-button="simulator"]').click();
    await page.locator('[data-action="start-simulator"]').click();
    await page.locator('.bubble.flow').first().waitFor();

    expect(await page.locator('.react-flow__controls-zoomin').getAttribute('aria-label')).toBe('Zoom avant');
    expect(await page.locator('.react-flow__controls-fitview').getAttribute('aria-label')).toBe('Voir tout le parcours');
    expect(await page.getByRole('img', { name: 'Vue d’ensemble du parcours' }).count()).toBe(1);
    expect(await page.locator('.react-flow__edge[data-id="welcome-next"]').getAttribute('aria-label')).toBe('Lien de « Bienvenue » (Suite) vers « Menu principal »');

    // No control is nameless, and none is named in English (React Flow's defaults, the dictionary's English).
    const english = new Set<string>();
    const french = leaves(fr);
    for (const [path, text] of leaves(en)) if (french.get(path) !== text && /[a-z]{3}/i.test(text)) english.add(text);
    for (const text of ['Zoom In', 'Zoom Out', 'Fit View', 'Mini Map', 'minimap', 'Control Panel', 'Toggle Interactivity']) english.add(text);
    const named = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          'button, [role="button"], input:not([type="hidden"]), textarea, [role="radio"], [role="switch"], [role="checkbox"], .react-flow__edge, svg[role="img"]',
        ),
      ]
        // What assistive technology reaches: shown, not hidden from it (autosize's measuring clone is).
        .filter((el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]') && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => {
          const labelledBy = el.getAttribute('aria-labelledby');
          const label = (el as HTMLInputElement).labels?.[0]?.textContent;
          let name: string | null = el.getAttribute('aria-label');
          if (name === null && labelledBy)
            name = labelledBy
              .split(/\s+/)
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' ');
          if (name === null && label) name = label;
          if (name === null) name = el.getAttribute('title') ?? el.getAttribute('placeholder') ?? el.textContent;
          return { tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 60), name: (name ?? '').trim() };
        }),
    );
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((n) => n.name === '')).toEqual([]);
    expect(named.filter((n) => english.has(n.name) || /^Edge from /.test(n.name) || /^(prompt|options\.\d+\.label) [a-z]{2,3}$/.test(n.name))).toEqual([]);
  });
});
