/**
 * Takes the screenshots in docs/screenshots/ from the demo flow, in French, against the real
 * server: `npx tsx designer/test/support/screenshots.ts` (after `npm run build -w @griot/designer`).
 * The agent inbox and the supervisor's board come from inboxScreenshots.ts, run at the end.
 */
import { fileURLToPath } from 'node:url';
import { chromiumMissing, launchChromium, signIn } from './browser.ts';
import { createUser, startGriot } from './griotServer.ts';
import { choose } from './canvas.ts';

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
  const page = await browser.newPage({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1 });
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
  await page.locator('textarea[aria-label="welcome prompt en"]').fill('');
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}translations.png` });
  await page.locator('textarea[aria-label="welcome prompt en"]').fill('Welcome to 1919, Griot Telecom customer service. Calls may be recorded.');

  // Diff: change the welcome, add a message, compare version 1 with the draft.
  await page.locator('label', { hasText: 'Canevas' }).click();
  await page.locator('[data-panel-button="inspector"]').click();
  await page.locator('.react-flow__node[data-id="welcome"]').click();
  await page.locator('textarea[aria-label="prompt fr"]').fill('Bienvenue sur le 1919, le service client de Griot Telecom. Nouveau : le solde Mobile Money en un appel.');
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
  await page.locator('.side-panel-content .mantine-ScrollArea-viewport').first().evaluate((e) => e.scrollTo(0, 120));
  await focus(page, (await page.locator('.flow-node.sim-current').getAttribute('data-node-id')) ?? 'mainMenu', false);
  await page.screenshot({ path: `${OUT}simulator.png` });
  await browser.close();
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

// The agent inbox and the supervisor's board (their own server, with a WhatsApp conversation).
await import('./inboxScreenshots.ts');
