import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[new agent queues browser test skipped] ${missing}`);

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/**
 * Daily review 19, an admin opening a second line: she created the new team's agent and ticked no
 * queue (the dialog said, in small print, that none meant every queue), and the agent's inbox then
 * showed the first line's callers. Now an agent's account is made with their queues ticked, or with
 * « Toutes les files » ticked knowingly; with neither, the dialog says why and creates nothing.
 */
describe.skipIf(missing !== null)('a new agent gets their queues as the account is made', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    browser = await launchChromium();
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queuesOf = async (username: string) => {
    const users = (await server.admin<Array<{ username: string; queues: string[] | null }>>('GET', '/api/users')).body;
    return users.find((u) => u.username === username)?.queues;
  };

  it('refuses an agent with no queue unless « every queue » is ticked, then makes each as chosen', async () => {
    page = await signInAt(browser, server.url, await createUser(server, 'ada', ['admin']), { viewport: { width: 1440, height: 900 }, at: '/admin/users' });
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nom d’utilisateur').fill('kofi');
    await dialog.getByRole('checkbox', { name: 'Agent', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'support-fr', exact: true }).waitFor();

    // Nothing ticked: the dialog says what that would mean, and no account is made.
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await poll(() => dialog.getByTestId('new-user-queues').innerText()).toContain(
      'Cochez ses files, ou « Toutes les files » : sans file, un conseiller voit les contacts de toutes les files, ceux des autres lignes compris.',
    );
    expect(await queuesOf('kofi')).toBeUndefined();

    // A queue ticked: the account answers that queue only.
    await dialog.getByRole('checkbox', { name: 'support-en', exact: true }).check();
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await dialog.getByRole('button', { name: 'C’est noté' }).click();
    await poll(() => queuesOf('kofi')).toEqual(['support-en']);

    // « Every queue », ticked knowingly, is still possible.
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    await dialog.getByLabel('Nom d’utilisateur').fill('ama');
    await dialog.getByRole('checkbox', { name: 'Agent', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Toutes les files, celles des autres lignes comprises' }).check();
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await dialog.getByRole('button', { name: 'C’est noté' }).click();
    await poll(() => queuesOf('ama')).toBeNull();
  });
});
