import type { Browser, Page } from 'playwright-core';
import { signIn } from './browser.ts';
import { choose } from './canvas.ts';
import { createUser, type GriotServer } from './griotServer.ts';
import { newFlowDocument } from '../../src/flowList/newFlowDocument.ts';

/**
 * The administration screens for docs/screenshots/, in French, on the demo server of
 * screenshots.ts: the first-login password change, users and roles with a password shown once,
 * API tokens, bindings, the binding form and its channel settings.
 */
export async function takeAdminScreenshots(browser: Browser, server: GriotServer, out: string): Promise<void> {
  const newPage = async () => (await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })).newPage();

  // A user whose password an admin handed over: the first thing they see.
  await server.admin('POST', '/api/users', { username: 'moussa', displayName: 'Moussa Diallo', password: 'remis-par-admin-2027', roles: ['tester'], mustChangePassword: true });
  const forced = await newPage();
  await forced.goto(`${server.url}/`);
  await forced.locator('input[name="username"]').fill('moussa');
  await forced.locator('input[name="password"]').fill('remis-par-admin-2027');
  await forced.locator('button[type="submit"]').click();
  await forced.locator('.forced-password-change').waitFor();
  await forced.getByLabel('Mot de passe actuel').fill('remis-par-admin-2027');
  await forced.locator('input[name="newPassword"]').fill('court');
  await forced.locator('input[name="newPasswordAgain"]').fill('court');
  await forced.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await forced.getByText('Trop court : au moins 10 caractères.').waitFor();
  await settle(forced);
  await forced.screenshot({ path: `${out}password-change.png` });
  await forced.context().close();

  const ada = await createUser(server, 'ada', ['admin']);
  await createUser(server, 'kofi', ['agent']);
  await createUser(server, 'ines', ['editor', 'publisher']);
  const page = await newPage();
  await signIn(page, server.url, ada);

  await page.goto(`${server.url}/admin/users`);
  await page.locator('tr[data-username="kofi"]').waitFor();
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nom d’utilisateur').fill('aminata');
  await dialog.getByLabel('Nom affiché').fill('Aminata Sow');
  await dialog.getByRole('checkbox', { name: 'Superviseur', exact: true }).check();
  await settle(page);
  await page.screenshot({ path: `${out}users-create.png` });
  await dialog.getByRole('button', { name: 'Créer' }).click();
  await dialog.locator('[data-testid="one-time-secret"]').waitFor();
  await settle(page);
  await page.screenshot({ path: `${out}users-password-once.png` });
  await dialog.getByRole('button', { name: 'C’est noté' }).click();
  await settle(page);
  await page.screenshot({ path: `${out}users.png` });

  await page.getByRole('tab', { name: 'Jetons d’API' }).click();
  for (const name of ['Export nocturne', 'CI GitLab']) {
    await page.getByRole('button', { name: 'Nouveau jeton' }).click();
    await page.getByRole('dialog').getByLabel('Nom du jeton').fill(name);
    await page.getByRole('dialog').getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('dialog').locator('[data-testid="one-time-secret"]').waitFor();
    if (name === 'CI GitLab') {
      await settle(page);
      await page.screenshot({ path: `${out}tokens-created.png` });
    }
    await page.getByRole('dialog').getByRole('button', { name: 'C’est noté' }).click();
  }
  await settle(page);
  await page.screenshot({ path: `${out}tokens.png` });

  // A second line for the bindings list: a new flow, published and in production.
  const document = newFlowDocument('ligne-3030', 'Ligne 3030 — Offres', ['fr']);
  await server.admin('POST', '/api/flows', { document });
  await server.admin('POST', '/api/flows/ligne-3030/publish', { message: 'v1' });
  await server.admin('POST', '/api/flows/ligne-3030/environments/production', { version: 1 });
  await page.getByRole('tab', { name: 'Raccordements' }).click();
  await page.locator('tr[data-binding="voice:1919"]').waitFor();
  await page.getByRole('button', { name: 'Nouveau raccordement' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Numéro appelé').fill('3030');
  await choose(page, 'Parcours', 'Ligne 3030 — Offres');
  await form.getByRole('button', { name: 'Testeurs (0)' }).click();
  await form.getByRole('button', { name: 'Ajouter un testeur' }).click();
  await form.getByLabel('Numéro du testeur 1').fill('01 97 00 00 09');
  await choose(page, 'Version du testeur 1', 'v1');
  await settle(page);
  await page.screenshot({ path: `${out}binding-form.png` });
  await form.getByRole('button', { name: 'Réglages du canal' }).click();
  await form.locator('input[data-setting="queueMaxWaitSeconds"]').fill('300');
  await form.locator('input[data-setting="holdMusicUrl"]').fill('musique-attente.wav');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await form.locator('.mantine-InputWrapper-error').first().waitFor();
  await settle(page);
  await page.screenshot({ path: `${out}binding-settings.png` });
  await form.locator('input[data-setting="holdMusicUrl"]').fill('https://cdn.griot.example/attente.mp3');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.locator('tr[data-binding="voice:3030"]').waitFor();
  await settle(page);
  await page.screenshot({ path: `${out}bindings.png` });
  await page.context().close();
}

async function settle(page: Page): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(500);
}
