import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, signIn } from './browser.ts';
import { choose } from './canvas.ts';
import { createUser, type GriotServer } from './griotServer.ts';
import { fakeMicrophoneArgs, microphoneWav } from './fakeMicrophone.ts';
import { flowFromTemplate } from '../../src/flowList/flowTemplates.ts';

const settle = (page: Page) => page.waitForTimeout(500);

/**
 * The screens of issue 15's points 6 to 8 for docs/screenshots/, in French, on the demo server of
 * screenshots.ts: a failed look-up explained in the simulator, recording a Fon prompt, the
 * translation table's missing recordings, version labels, a flow from a template, the flow list
 * with its search and folders, and the editor in dark mode.
 */
export async function takeDailyScreenshots(server: GriotServer, out: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'griot-shots-'));
  const microphone = join(dir, 'microphone.wav');
  await writeFile(microphone, microphoneWav(220));
  const browser = await launchChromium(fakeMicrophoneArgs(microphone));
  try {
    const user = await createUser(server, 'fatou', ['editor', 'publisher', 'tester']);
    // Flows filed in folders, and a version with a name.
    await server.admin('POST', '/api/flows', { document: flowFromTemplate('survey', 'enquete-ramadan', 'Enquête Ramadan', 'Campagnes/Ramadan') });
    await server.admin('POST', '/api/flows', { document: flowFromTemplate('afterHours', 'hors-heures', 'Accueil hors heures', 'Self-care') });
    await server.admin('POST', '/api/flows', { document: flowFromTemplate('selfCare', 'solde-express', 'Solde express', 'Self-care') });
    await server.admin('PUT', '/api/flows/selfcare-1919/versions/1/label', { label: 'Ramadan 2027' });
    // The subscriber look-up names its token with the wrong scheme (Basic): the demo backend answers 401. A
    // token written out instead would be a lint error (http.literalCredential), badged on the canvas shot.
    const draft = await server.admin<{ revision: number; document: { nodes: Array<Record<string, unknown>> } }>('GET', '/api/flows/selfcare-1919/draft');
    const lookup = draft.body.document.nodes.find((n) => n.id === 'lookupSubscriber');
    if (lookup) lookup.headers = { Authorization: 'Basic {{secret.OPERATOR_API_TOKEN}}' };
    const saved = await server.admin<{ lint: Array<{ severity: string; code: string }> }>('PUT', '/api/flows/selfcare-1919/draft', {
      revision: draft.body.revision,
      document: draft.body.document,
    });
    const errors = saved.body.lint.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new Error(`the screenshots' draft has lint errors: ${errors.map((i) => i.code).join(', ')}`);

    const page = await (await browser.newContext({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1 })).newPage();
    await signIn(page, server.url, user);
    await settle(page);
    await page.screenshot({ path: `${out}flow-list-folders.png` });

    await page.getByRole('button', { name: 'Nouveau parcours' }).click();
    const create = page.getByRole('dialog', { name: 'Nouveau parcours' });
    await create.getByRole('radio', { name: /Hors heures d’ouverture/ }).click();
    await create.getByRole('textbox', { name: 'Nom', exact: true }).fill('Accueil Tabaski');
    await create.getByRole('textbox', { name: 'Dossier' }).fill('Campagnes/Tabaski');
    await settle(page);
    await page.screenshot({ path: `${out}new-flow-template.png` });
    await create.getByRole('button', { name: 'Annuler' }).click();

    // The failed look-up, explained.
    await page.goto(`${server.url}/flows/selfcare-1919`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor({ state: 'attached' });
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Version', 'Brouillon');
    await choose(page, 'Appels au SI', 'Système de préproduction');
    await page.locator('[data-action="start-simulator"]').click();
    await page
      .locator('.bubble.flow', { hasText: /Pour le français|Choisissez un service/ })
      .first()
      .waitFor();
    if ((await page.locator('.bubble.flow', { hasText: 'Pour le français' }).count()) > 0) await page.getByRole('button', { name: 'Touche 1' }).click();
    await page.locator('.bubble.flow[data-node="mainMenu"]').last().waitFor();
    await page.getByRole('button', { name: 'Touche 1' }).click();
    const note = page.locator('.sim-lookup-failed').last();
    await note.waitFor();
    await note.getByRole('button', { name: 'Voir la réponse' }).click();
    await note.scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: `${out}simulator-lookup-failed.png` });
    await page.getByRole('button', { name: 'Arrêter' }).click();

    // Version labels.
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-version-label="1"]').waitFor();
    await settle(page);
    await page.screenshot({ path: `${out}version-labels.png` });

    // Dark mode.
    await page.getByRole('button', { name: 'Passer en mode sombre' }).click();
    await page.locator('[data-panel-button="inspector"]').click();
    await page.locator('.react-flow__node[data-id="mainMenu"]').click();
    await page.waitForTimeout(900);
    await page.screenshot({ path: `${out}dark-mode.png` });
    await page.getByRole('button', { name: 'Passer en mode clair' }).click();

    // A Fon line without a studio: the missing recordings, then one recorded in the browser.
    await server.admin('POST', '/api/flows', {
      document: {
        schemaVersion: 2,
        id: 'ligne-fon',
        name: 'Ligne fon',
        locales: [
          { code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' } },
          { code: 'fon', name: 'Fɔngbè', tts: null, asr: null },
        ],
        nodes: [
          { id: 'start', type: 'start', position: { x: 0, y: 0 } },
          { id: 'welcome', type: 'message', label: 'Accueil', prompt: { fr: { text: 'Bienvenue sur la ligne de Griot Telecom.' } }, position: { x: 240, y: 0 } },
          {
            id: 'menu',
            type: 'menu',
            label: 'Menu',
            prompt: { fr: { text: 'Pour votre solde, tapez 1. Pour un conseiller, tapez 2.' } },
            position: { x: 520, y: 0 },
            options: [
              { id: 'balance', key: '1', label: { fr: 'Solde', fon: 'Solde' } },
              { id: 'agent', key: '2', label: { fr: 'Conseiller', fon: 'Conseiller' } },
            ],
          },
          { id: 'bye', type: 'end', reason: 'done', prompt: { fr: { text: 'Au revoir.' } }, position: { x: 800, y: 0 } },
        ],
        edges: [
          { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
          { id: 'e2', source: 'welcome', output: 'next', target: 'menu' },
          { id: 'e3', source: 'menu', output: 'balance', target: 'bye' },
          { id: 'e4', source: 'menu', output: 'agent', target: 'bye' },
          { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
          { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
        ],
      },
    });
    await page.goto(`${server.url}/flows/ligne-fon`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor({ state: 'attached' });
    await page.locator('label', { hasText: 'Traductions' }).click();
    await page.locator('[data-unrecorded-count="fon"]').click();
    await settle(page);
    await page.screenshot({ path: `${out}translations-recordings.png` });
    await page.locator('[data-audio-control="welcome|prompt|fon"] [data-action="open-recorder"]').click();
    const recorder = page.getByRole('dialog');
    await recorder.locator('[data-action="record-start"]').click();
    await recorder.locator('[data-recorder="recording"]').waitFor();
    await page.waitForTimeout(2300);
    await recorder.locator('[data-action="record-stop"]').click();
    await recorder.locator('[data-recorder="ready"]').waitFor();
    await settle(page);
    await page.screenshot({ path: `${out}record-prompt.png` });
    await recorder.locator('[data-action="record-save"]').click();
    await recorder.waitFor({ state: 'hidden' });
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
