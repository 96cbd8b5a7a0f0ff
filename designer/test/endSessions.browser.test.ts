import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();

/**
 * Kofi's laptop was stolen with his inbox open. The admin ends his sessions from the users page
 * (« Fermer ses sessions… ») without disabling him: the inbox on the laptop stops and says the
 * session expired, and Kofi signs in again elsewhere with his password.
 */
describe.skipIf(missing !== null)('an admin ends an agent’s sessions from the users page', () => {
  let server: GriotServer;
  let browser: Browser;
  let laptop: Page;
  let admin: Page;

  beforeAll(async () => {
    server = await startGriot();
    const kofi = await createUser(server, 'kofi', ['agent']);
    const boss = await createUser(server, 'boss', ['admin']);
    browser = await launchChromium();
    laptop = await signInAt(browser, server.url, kofi, { viewport: { width: 1366, height: 768 } });
    admin = await signInAt(browser, server.url, boss, { viewport: { width: 1440, height: 900 } });
  });

  afterEach(async (test) => {
    await screenshotIfFailed(test, admin);
    await screenshotIfFailed(test, laptop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs Kofi out on the stolen laptop, his inbox saying the session expired, his account left enabled', async () => {
    expect(new URL(laptop.url()).pathname).toBe('/agent');
    await admin.goto(`${server.url}/admin/users`);
    await admin
      .locator('tr[data-username="kofi"]')
      .getByRole('button', { name: /^Actions pour/ })
      .click();
    await admin.getByRole('menuitem', { name: 'Fermer ses sessions…' }).click();
    const dialog = admin.getByRole('dialog');
    expect(await dialog.getByRole('checkbox', { name: 'Révoquer aussi ses jetons d’API' }).isChecked()).toBe(false);
    // The thief may know the password: the dialog says so, the reset at hand.
    expect(await dialog.locator('[data-notice="stolen-laptop"]').textContent()).toContain('réinitialisez plutôt le mot de passe');
    expect(await dialog.getByRole('button', { name: 'Réinitialiser le mot de passe…' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Fermer ses sessions' }).click();
    await admin.getByText('kofi : 1 session fermée, 0 jeton d’API révoqué').waitFor();

    // The laptop's inbox heard its stream end, and shows the login page, saying why.
    const notice = laptop.locator('[data-notice="session-expired"]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain('Votre session a expiré');

    const users = (await server.admin<Array<{ username: string; disabled: boolean }>>('GET', '/api/users')).body;
    expect(users.find((u) => u.username === 'kofi')?.disabled).toBe(false);
    // Ending one's own sessions is the account menu's « Se déconnecter partout »: not offered here.
    await admin
      .locator('tr[data-username="boss"]')
      .getByRole('button', { name: /^Actions pour/ })
      .click();
    // The menu open (its items listed) before it is read, and closed before the next test clicks: Escape
    // pressed while it was still opening left it open over kofi's row (a clean-clone run at 825a616b).
    const menu = admin.getByRole('menu');
    await menu.waitFor();
    expect(await admin.getByRole('menuitem', { name: 'Fermer ses sessions…' }).count()).toBe(0);
    await admin.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });

  it('takes the admin from « Fermer ses sessions… » to the password reset when the laptop was stolen', async () => {
    await admin
      .locator('tr[data-username="kofi"]')
      .getByRole('button', { name: /^Actions pour/ })
      .click();
    await admin.getByRole('menuitem', { name: 'Fermer ses sessions…' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Réinitialiser le mot de passe…' }).click();
    await admin.getByRole('dialog', { name: /^Réinitialiser le mot de passe de / }).waitFor();
  });
});
