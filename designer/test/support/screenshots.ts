/**
 * Takes the screenshots in docs/screenshots/ from the demo flow, in French, against the real
 * server: `npx tsx designer/test/support/screenshots.ts` (after `npm run build -w @griot/designer`).
 * The agent inbox and the supervisor's board come from inboxScreenshots.ts, the analytics and the
 * wallboard from analyticsScreenshots.ts, run at the end.
 */
import { fileURLToPath } from 'node:url';
import { chromiumMissing, launchChromium, signIn } from './browser.ts';
import { createUser, startGriot } from './griotServer.ts';
import { choose } from './canvas.ts';
import { takeAdminScreenshots } from './adminScreenshots.ts';
import { takeDailyScreenshots } from './dailyScreenshots.ts';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const missing = chromiumMissing();
if (missing) {
  console.log(missing);
  process.exit(0);
}

const server = await startGriot({ demo: true });
try {
  const user = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1 });
  let page = await context.newPage();
  await signIn(page, server.url, user);
  await page.goto(`${server.url}/flows/selfcare-1919`);
  await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  await page.getByRole('button', { name: 'Disposition automatique' }).click();
  await page.waitForTimeout(600);
  await focus(page, 'mainMenu');
  await page.locator('.react-flow__controls-zoomout').click();
  await page.mouse.move(800, 900);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}canvas.png` });

  // Translations: an English prompt emptied shows as missing.
  await page.locator('label', { hasText: 'Traductions' }).click();
  await page.locator('textarea[data-cell-input="welcome|prompt|en"]').fill('');
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}translations.png` });
  await page.locator('textarea[data-cell-input="welcome|prompt|en"]').fill('Welcome to 1919, Griot Telecom customer service. Calls may be recorded.');

  // Diff: change the welcome, add a message, compare version 1 with the draft.
  await page.locator('label', { hasText: 'Canevas' }).click();
  await page.locator('[data-panel-button="inspector"]').click();
  await focus(page, 'welcome');
  await page.locator('textarea[data-field="prompt.fr"]').fill('Bienvenue sur le 1919, le service client de Griot Telecom. Nouveau : le solde Mobile Money en un appel.');
  await page.locator('[data-panel-button="versions"]').click();
  await page.getByRole('button', { name: 'Comparer' }).click();
  await page.locator('.diff-view').waitFor();
  await page.getByText('Montrer sur le canevas').click();
  await focus(page, 'welcome');
  await page.locator('.react-flow__controls-zoomout').click();
  await page.mouse.move(800, 900);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}diff.png` });
  await page.getByText('Montrer sur le canevas').click();

  // Simulator: a WhatsApp conversation on staging with the demo backend.
  await page.locator('[data-panel-button="simulator"]').click();
  await choose(page, 'Version', 'Préproduction');
  await choose(page, 'Appels au SI', 'Système de préproduction');
  await page.locator('[data-action="start-simulator"]').click();
  await page.locator('.bubble.flow').first().waitFor();
  await page.getByRole('button', { name: 'Touche 1' }).click();
  await page.waitForTimeout(400);
  await page.getByRole('button', { name: 'Touche 2' }).click();
  await page.waitForTimeout(800);
  await page
    .locator('.side-panel-content .mantine-ScrollArea-viewport')
    .first()
    .evaluate((e) => e.scrollTo(0, 120));
  await focus(page, (await page.locator('.flow-node.sim-current').getAttribute('data-node-id')) ?? 'mainMenu', false);
  await page.screenshot({ path: `${OUT}simulator.png` });
  await page.getByRole('button', { name: 'Arrêter' }).click();
  page = await everydayScreens(page);
  await takeAdminScreenshots(browser, server, OUT);
  await browser.close();
  await takeDailyScreenshots(server, OUT);
} finally {
  await server.stop();
}

async function focus(page: import('playwright-core').Page, id: string, select = true): Promise<void> {
  await page.evaluate(
    ([nodeId, keep]) => {
      const griot = (window as unknown as { __griot: { canvasStore: { getState(): { focusNode(id: string): void; selectNodes(ids: string[]): void; selectedNodeIds: string[] } } } }).__griot;
      const before = griot.canvasStore.getState().selectedNodeIds;
      griot.canvasStore.getState().focusNode(nodeId as string);
      if (!keep) griot.canvasStore.getState().selectNodes(before);
    },
    [id, select] as const,
  );
  await page.waitForTimeout(700);
}

/**
 * The everyday screens: sections and notes on the canvas, a session through a look-up saved as
 * a test, the test editor and the divergence on the canvas, leaving while offline, and the
 * unsent copy offered back.
 */
async function everydayScreens(page: import('playwright-core').Page): Promise<import('playwright-core').Page> {
  const select = async (ids: string[]) => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    for (const [i, id] of ids.entries()) await page.locator(`.react-flow__node[data-id="${id}"]`).click(i === 0 ? {} : { modifiers: ['Shift'] });
  };
  const nameSection = async (name: string) => {
    await page.locator('.section-frame-title').last().click();
    await page.getByRole('textbox', { name: 'Nom de la section' }).waitFor();
    await page.getByRole('textbox', { name: 'Nom de la section' }).fill(name);
    await page.keyboard.press('Enter');
  };
  await page.goto(`${server.url}/flows/selfcare-1919`);
  await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${OUT}canvas-open.png` });

  await select(['language', 'welcome']);
  await page.locator('[data-action="group-selection"]').click();
  await nameSection('Accueil');
  await select(['setServicePuk', 'setServiceBalance', 'setServiceMomo']);
  await page.locator('[data-action="group-selection"]').click();
  await nameSection('Demandes');
  await page.getByRole('button', { name: 'Replier la section Demandes' }).click();
  await page.locator('[data-action="add-note"]').click();
  await page.getByRole('textbox', { name: 'Texte de la note' }).fill('Ramadan : vérifier les horaires des conseillers avant le 1er mars.');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await focus(page, 'mainMenu', false);
  await page.locator('.react-flow__controls-zoomout').click();
  await page.mouse.move(800, 900);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${OUT}canvas-sections.png` });

  // A call through the subscriber look-up, saved as a test case.
  await page.locator('[data-panel-button="simulator"]').click();
  await choose(page, 'Version', 'Brouillon');
  await choose(page, 'Appels au SI', 'Système de préproduction');
  await page.locator('[data-action="start-simulator"]').click();
  // The language is asked unless this caller's is remembered from the earlier call.
  await page
    .locator('.bubble.flow', { hasText: /Pour le français|Choisissez un service/ })
    .first()
    .waitFor();
  const languageAsked = (await page.locator('.bubble.flow', { hasText: 'Pour le français' }).count()) > 0;
  if (languageAsked) await page.getByRole('button', { name: 'Touche 1' }).click();
  const pukStep = languageAsked ? 3 : 2;
  await page.locator('.bubble.flow', { hasText: 'Choisissez un service' }).waitFor();
  await page.getByRole('button', { name: 'Touche 1' }).click();
  await page.locator('.bubble.flow', { hasText: 'Votre code PUK est' }).waitFor();
  await page.getByRole('button', { name: 'Enregistrer comme cas de test' }).click();
  const dialog = page.getByRole('dialog', { name: 'Enregistrer comme cas de test' });
  await dialog.getByRole('textbox', { name: 'Nom du test' }).fill('Code PUK, appel enregistré');
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}save-test.png` });
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();

  // The test editor, with an expectation that does not hold: the step and the node are shown.
  await page.locator('[data-panel-button="tests"]').click();
  const item = page.locator('[data-test="Code PUK, appel enregistré"]');
  await item.locator('.mantine-Accordion-control').click();
  await item.locator('[data-action="edit-test"]').click();
  const editor = page.getByRole('dialog', { name: /Modifier le test/ });
  await editor.getByRole('textbox', { name: `Messages attendus, étape ${pukStep}` }).fill('Votre code PUK est');
  await editor.getByRole('textbox', { name: `Nœud attendu, étape ${pukStep}` }).fill('mainMenu');
  await page.getByRole('option', { name: 'mainMenu', exact: true }).click();
  await editor.locator('[data-action="run-edited-test"]').click();
  await editor.locator('[data-case-outcome="failed"]').waitFor();
  await editor.locator(`.test-step[data-step="${pukStep}"]`).scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}test-editor.png` });
  await editor.locator('[data-action="save-test"]').click();
  await item.locator('[data-action="run-test"]').click();
  await item.locator('[data-case-outcome="failed"]').waitFor();
  await page.mouse.move(800, 900);
  await page.waitForTimeout(900);
  await page.screenshot({ path: `${OUT}test-diverged.png` });
  await page.keyboard.press('Control+z');

  // Offline: the header says so, and leaving asks.
  await page.locator('[data-save-state="saved"]').waitFor();
  const unreachable = (route: import('playwright-core').Route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.fallback());
  await page.context().route('**/api/flows/*/draft', unreachable);
  await page.locator('[data-panel-button="inspector"]').click();
  await focus(page, 'welcome');
  await page.locator('textarea[data-field="prompt.fr"]').fill('Bienvenue sur le 1919. Nouveau : le solde Mobile Money en un appel.');
  await page.locator('[data-save-state="offline"]').waitFor();
  await page.getByRole('button', { name: 'Retour aux parcours' }).click();
  await page.getByRole('dialog', { name: 'Modifications non enregistrées' }).waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}leave-unsaved.png` });
  await page.locator('[data-action="stay"]').click();

  // The tab is reloaded before the server is back: the edit is offered back.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await page.getByRole('dialog', { name: 'Modifications non envoyées retrouvées' }).waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}restore-unsent.png` });
  await page.context().unroute('**/api/flows/*/draft', unreachable);
  const next = page;
  return next;
}
// The agent inbox and the supervisor's board (their own server, with a WhatsApp conversation).
await import('./inboxScreenshots.ts');
// The flow analytics (overlay, dashboard) and the wallboard (their own server, with calls placed).
await import('./analyticsScreenshots.ts');
