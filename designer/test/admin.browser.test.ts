import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { newSessionId, postUssd } from '@griot/connectors/ussd/testing';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { choose } from './support/canvas.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { apiSession } from './support/analyticsCalls.ts';
import { newFlowDocument } from '../src/flowList/newFlowDocument.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const SECRET = 'admin-walk-jambonz-secret';
const OWN_PASSWORD = 'le mot de passe de l’admin 2027';
const FIRST_PROMPT = 'Bienvenue sur la ligne 3030 de Griot Telecom.';

/**
 * An admin's first day, in French, against the real server with the demo: signs in with the
 * printed password and must choose their own, creates an agent (password made up and shown
 * once), creates an API token (shown once, works, revoked), binds a brand-new flow to voice
 * number 3030 (1919 is taken: refused in French) and a call to 3030 plays the new flow's first
 * prompt. No API call by hand for any of it; the flow itself is published over the API.
 */
describe.skipIf(missing !== null)('administration in the designer', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  const announcements: string[] = [];
  let calls = 0;

  const dial = async (to: string) => new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-admin-${++calls}`, from: '+2290197000005', to }).start();
  const openAdmin = async (item: string) => {
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: item }).click();
    await page.locator('.admin-page').waitFor();
  };

  beforeAll(async () => {
    server = await startGriot({ demo: true, env: { JAMBONZ_WEBHOOK_SECRET: SECRET }, announce: (text) => announcements.push(text) });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
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

  it('lets the first admin in with the printed password only to choose their own', async () => {
    const printed = /password: (\S+)/.exec(announcements.join('\n'))?.[1];
    expect(printed).toMatch(/^\S{20}$/);
    await page.goto(`${server.url}/`);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(printed!);
    await page.locator('button[type="submit"]').click();
    const forced = page.locator('.forced-password-change');
    await forced.waitFor();
    expect(await forced.textContent()).toContain('Choisissez votre mot de passe');
    expect(await page.locator('.flow-list-page').count()).toBe(0);

    // A wrong current password is refused by the server, in French, on its field.
    await page.getByLabel('Mot de passe actuel').fill('pas le bon');
    await page.locator('input[name="newPassword"]').fill(OWN_PASSWORD);
    await page.getByLabel('Nouveau mot de passe, encore').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByText('Le mot de passe actuel est incorrect.').waitFor();

    await page.getByLabel('Mot de passe actuel').fill(printed!);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.locator('.flow-list-page').waitFor();
    const again = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: printed }) });
    expect(again.status).toBe(401);
  });

  it('creates an agent with a password made up by the server, shown once, to change at first sign-in', async () => {
    await openAdmin('Utilisateurs et rôles');
    await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nom d’utilisateur').fill('kofi');
    await dialog.getByLabel('Nom affiché').fill('Kofi Mensah');
    await dialog.getByRole('checkbox', { name: 'Agent', exact: true }).check();
    // An agent's queues are chosen as the account is made (newAgentQueues.browser.test.ts).
    await dialog.getByRole('checkbox', { name: 'support-fr', exact: true }).check();
    await dialog.getByRole('button', { name: 'Créer' }).click();
    const secret = dialog.locator('[data-testid="one-time-secret"]');
    await secret.waitFor();
    const password = await secret.inputValue();
    expect(password).toMatch(/^\S{20}$/);
    expect(await dialog.textContent()).toContain('il ne sera plus jamais affiché');
    expect(await dialog.getByRole('button', { name: 'Copier Mot de passe de kofi' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'C’est noté' }).click();

    const row = page.locator('tr[data-username="kofi"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Agent');
    expect(await row.textContent()).toContain('Mot de passe à changer');
    expect(await page.locator('.users-page').textContent()).not.toContain(password);

    // The agent's first sign-in asks for a password of their own, in French.
    const agentPage = await (await browser.newContext()).newPage();
    await agentPage.goto(`${server.url}/`);
    await agentPage.locator('input[name="username"]').fill('kofi');
    await agentPage.locator('input[name="password"]').fill(password);
    await agentPage.locator('button[type="submit"]').click();
    await agentPage.locator('.forced-password-change').waitFor();
    await agentPage.context().close();
  });

  it('refuses, in French, to take the admin role from the last admin', async () => {
    await page.getByRole('button', { name: 'Actions pour Administrator' }).click();
    await page.getByRole('menuitem', { name: 'Modifier les rôles…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Administrateur', exact: true }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Éditeur', exact: true }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    const refusal = dialog.locator('[data-testid="roles-error"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('il ne resterait aucun administrateur actif');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    const users = await server.admin<Array<{ username: string; roles: string[] }>>('GET', '/api/users');
    expect(users.body.find((u) => u.username === 'admin')?.roles).toEqual(['admin']);
  });

  it('creates an API token shown once, which works as a bearer until it is revoked', async () => {
    await page.getByRole('tab', { name: 'Jetons d’API' }).click();
    await page.locator('.tokens-page').waitFor();
    await page.getByRole('button', { name: 'Nouveau jeton' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nom du jeton').fill('CI GitLab');
    // It expires in 90 days unless one chooses otherwise.
    expect(await dialog.getByLabel('Expiration').inputValue()).toBe('90');
    const createdAt = Date.now();
    await dialog.getByRole('button', { name: 'Créer' }).click();
    const secret = dialog.locator('[data-testid="one-time-secret"]');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^griot_/);
    expect(await dialog.locator('[data-testid="token-expiry"]').textContent()).toMatch(/^Il fonctionne jusqu’au \d+/);
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');
    await dialog.getByRole('button', { name: 'C’est noté' }).click();

    await page.locator('tr[data-token-name="CI GitLab"]').waitFor();
    await page.reload();
    await page.locator('tr[data-token-name="CI GitLab"]').waitFor();
    expect(await page.content()).not.toContain(token);
    const expiresAt = Date.parse((await page.locator('tr[data-token-name="CI GitLab"] [data-token-expiry]').getAttribute('data-token-expiry')) ?? '');
    expect(Math.abs(expiresAt - createdAt - 90 * 86_400_000)).toBeLessThan(60_000);

    // A token that never expires is asked for, and listed as such.
    await page.getByRole('button', { name: 'Nouveau jeton' }).click();
    await dialog.getByLabel('Nom du jeton').fill('Supervision');
    await dialog.getByLabel('Expiration').selectOption({ label: 'Jamais (déconseillé)' });
    await dialog.getByRole('button', { name: 'Créer' }).click();
    expect(await dialog.locator('[data-testid="token-expiry"]').textContent()).toContain('n’expire jamais');
    await dialog.getByRole('button', { name: 'C’est noté' }).click();
    expect(await page.locator('tr[data-token-name="Supervision"] [data-token-expiry]').textContent()).toBe('jamais');

    // Accessible names follow the interface language.
    const language = (code: string) => page.locator('header .mantine-SegmentedControl-label', { hasText: new RegExp(`^${code}$`) }).click();
    await language('EN');
    await page.getByRole('button', { name: 'Revoke token CI GitLab' }).waitFor();
    await language('FR');
    await page.getByRole('button', { name: 'Révoquer le jeton CI GitLab' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
    await expect.poll(() => page.locator('tr[data-token-name="CI GitLab"]').count()).toBe(0);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('binds a new flow to voice number 3030, and a call to 3030 plays its first prompt', async () => {
    const document = newFlowDocument('ligne-3030', 'Ligne 3030', ['fr']);
    const welcome = document.nodes.find((n) => n.id === 'welcome') as { prompt: Record<string, { text: string }> };
    welcome.prompt = { fr: { text: FIRST_PROMPT } };
    expect((await server.admin('POST', '/api/flows', { document })).status).toBe(201);
    expect((await server.admin('POST', '/api/flows/ligne-3030/publish', { message: 'v1' })).status).toBe(201);
    expect((await server.admin('POST', '/api/flows/ligne-3030/environments/production', { version: 1 })).status).toBe(200);
    const before = await dial('3030');
    expect(before.heard.join(' ')).toContain('désolés');

    await page.getByRole('tab', { name: 'Raccordements' }).click();
    await page.locator('.bindings-page tr[data-binding="voice:1919"]').waitFor();
    await page.getByRole('button', { name: 'Nouveau raccordement' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Numéro appelé').fill('1919');
    await choose(page, 'Parcours', 'Ligne 3030');
    expect(await dialog.locator('[data-testid="binding-environment-runs"]').textContent()).toBe('Production exécute la version 1 de ce parcours.');

    await dialog.getByRole('button', { name: 'Testeurs (0)' }).click();
    await dialog.getByRole('button', { name: 'Ajouter un testeur' }).click();
    await dialog.getByLabel('Numéro du testeur 1').fill('pas un numéro');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Ce n’est pas un numéro de téléphone.').waitFor();
    await dialog.getByLabel('Numéro du testeur 1').fill('01 97 00 00 09');
    await choose(page, 'Version du testeur 1', 'v1');
    await choose(page, 'Langue du testeur 1', 'fr');

    // 1919 runs the demo: the server's 409 address_taken, in French, on the address field, naming what holds it and
    // how staging is reached on it (ops32: « déjà raccordée à un autre parcours » was wrong when the flow was the same).
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('1919 mène déjà à « 1919 — Service client Griot Telecom » (Production) : une adresse n’a qu’un raccordement.').waitFor();
    expect(await dialog.getByText('1919 mène déjà à').textContent()).toContain('pour essayer la préproduction sur cette adresse, ajoutez-y des numéros de test.');
    await dialog.getByLabel('Numéro appelé').fill('3030');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    const row = page.locator('tr[data-binding="voice:3030"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Ligne 3030.*Production.*v1.*1 testeur/);
    // The tester is a test number now: listed beside the demo's test SIM, with where its calls go.
    await page.locator('.test-numbers tr[data-test-number="+2290197000009"]').waitFor();
    expect(await page.locator('.test-numbers tr[data-test-number="+2290197000009"]').textContent()).toContain('3030 → v1');
    expect(await page.locator('.test-numbers tr[data-test-number="+2290197000090"]').count()).toBe(1);

    const bindings = await server.admin<Array<{ address: string; flowId: string; environment: string; testers: unknown[] }>>('GET', '/api/bindings');
    expect(bindings.body.find((b) => b.address === '3030')).toMatchObject({ flowId: 'ligne-3030', environment: 'production', testers: [{ number: '+2290197000009', version: 1, locale: 'fr' }] });
    const audit = await server.admin<Array<{ action: string; actor: string }>>('GET', '/api/audit?limit=5');
    expect(audit.body.find((e) => e.action === 'binding.create')?.actor).toBe('admin');

    // The voice channel remembers a number's binding for a few seconds: the next calls get it.
    await expect.poll(async () => (await dial('3030')).heard.join(' '), { timeout: 15_000 }).toContain(FIRST_PROMPT);
  });

  it('binds the same flow to USSD service code *3030#, and a subscriber dialling it sees its first screen', async () => {
    await page.getByRole('button', { name: 'Nouveau raccordement' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, 'Canal', 'USSD');
    const code = dialog.getByLabel('Code de service');
    expect(await code.getAttribute('placeholder')).toBe('*919#');
    await code.fill('3030');
    await choose(page, 'Parcours', 'Ligne 3030');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Un code de service comme *919# ou *384*12#.').waitFor();
    // The demo answers *919#: the server's 409 lands on the field.
    await code.fill('*919#');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('*919# mène déjà à « 1919 — Service client Griot Telecom » (Production)').waitFor();
    await code.fill('*3030#');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    const row = page.locator('tr[data-binding="ussd:*3030#"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/USSD.*\*3030#.*Ligne 3030.*Production.*v1/);

    const dialled = await postUssd(server.url, { sessionId: newSessionId(), serviceCode: '*3030#', phoneNumber: '+2290197000011', text: '' });
    expect(dialled).toMatchObject({ status: 200, kind: 'END' });
    expect(dialled.screen).toContain(FIRST_PROMPT);
  });

  it('says on the bindings page which channels can receive and what operations must set, never a secret', async () => {
    await openAdmin('Raccordements');
    const readiness = (channel: string) => page.locator(`[data-readiness="${channel}"]`);
    await readiness('voice').waitFor();
    expect(await readiness('voice').textContent()).toContain('Voix : prêt');
    // The demo binds a WhatsApp number, and this server has no WHATSAPP_APP_SECRET: Meta's webhooks would all be refused.
    expect(await readiness('whatsapp').textContent()).toContain('WhatsApp : ne reçoit rien');
    expect(await readiness('whatsapp').textContent()).toContain('WHATSAPP_APP_SECRET');
    expect(await readiness('ussd').locator('[data-readiness-url="events"]').textContent()).toBe(`${server.url}/ussd/events`);
    expect(await page.locator('[data-channel-readiness]').textContent()).not.toContain(SECRET);
  });

  it('says the same for Telegram, Messenger, Bot Framework and web chat, with the address to give each platform', async () => {
    for (const [channel, address] of [
      ['telegram', '123456789'],
      ['messenger', '200000000000009'],
      ['botframework', 'griot-ready-bot'],
      ['webchat', 'site-3030'],
    ] as const) {
      const created = await server.admin('POST', '/api/bindings', { channel, address, flowId: 'ligne-3030', environment: 'production', testers: [], settings: {} });
      expect(created.status).toBe(201);
    }
    await page.reload();
    await openAdmin('Raccordements');
    const readiness = (channel: string) => page.locator(`[data-readiness="${channel}"]`);
    await readiness('webchat').waitFor();
    expect(await readiness('telegram').textContent()).toContain('Telegram : ne reçoit rien');
    expect(await readiness('telegram').textContent()).toContain('TELEGRAM_BOT_TOKEN');
    expect(await readiness('telegram').locator('[data-readiness-url="webhook"]').textContent()).toBe(`${server.url}/telegram/webhook`);
    expect(await readiness('messenger').textContent()).toContain('Messenger : ne reçoit rien');
    expect(await readiness('messenger').textContent()).toContain('Sans MESSENGER_APP_SECRET, Meta ne peut signer ses webhooks');
    expect(await readiness('messenger').locator('[data-readiness-url="webhook"]').textContent()).toBe(`${server.url}/messenger/webhook`);
    // Outside production Bot Framework takes anonymous activities: it receives, but open to anyone until the Azure Bot app is set.
    expect(await readiness('botframework').textContent()).toContain('Bot Framework : reçoit, mais incomplet');
    expect(await readiness('botframework').textContent()).toContain('MicrosoftAppId');
    expect(await readiness('botframework').locator('[data-readiness-url="messaging"]').textContent()).toBe(`${server.url}/api/messages`);
    expect(await readiness('webchat').textContent()).toContain('Discussion web : prêt');
    expect(await readiness('webchat').locator('[data-readiness-url="page"]').textContent()).toBe(`${server.url}/chat/<bindingId>`);
    expect(await page.locator('[data-channel-readiness]').textContent()).not.toContain(SECRET);
  });

  it('counts the open contacts of an agent being disabled and puts them back in their queue, and the audit log says it in words', async () => {
    const awa = await createUser(server, 'awa', ['agent']);
    const as = await apiSession(server, awa);
    const call = await new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-admin-leaving', from: '+2290197000006', to: '1919' }).start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    const queues = (await as('GET', '/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; status: string }> }>;
    const contact = queues.find((q) => q.queue === 'support-fr')!.contacts.find((c) => c.status === 'waiting')!;
    expect((await as('POST', `/api/agent/contacts/${contact.id}/take`)).status).toBe(200);

    await openAdmin('Utilisateurs et rôles');
    await page
      .locator('tr[data-username="awa"]')
      .getByRole('button', { name: /^Actions pour/ })
      .click();
    await page.getByRole('menuitem', { name: 'Désactiver' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-open-contacts="1"]').waitFor();
    expect(await dialog.textContent()).toContain('a encore 1 contact en cours (support-fr)');
    expect(await dialog.getByRole('checkbox', { name: 'Le remettre dans sa file pour un autre conseiller' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await page.getByText('1 contact de awa remis en file.').waitFor();
    const back = (await server.admin<Array<{ queue: string; contacts: Array<{ id: string; status: string; agent?: string }> }>>('GET', '/api/agent/queues')).body;
    expect(back.find((q) => q.queue === 'support-fr')!.contacts.find((c) => c.id === contact.id)).toMatchObject({ status: 'waiting' });
    const audit = (await server.admin<Array<{ action: string; details: Record<string, unknown> }>>('GET', '/api/audit?limit=10')).body;
    expect(audit.find((e) => e.action === 'user.requeueContacts')?.details).toMatchObject({ username: 'awa', requeued: 1 });
    // The audit screen says it in words, with her name.
    await openAdmin('Journal d’audit');
    await page.getByText('admin a désactivé le compte de awa').waitFor();
    await call.hangup();
  });

  it('shows a disabled account as disabled, without the warnings meant for an active one', async () => {
    // An agent never assigned a queue, with a password to change, then disabled: nobody signs in as her any more.
    const made = await server.admin<{ id: string }>('POST', '/api/users', { username: 'yawa', displayName: 'yawa', password: 'pw-yawa-0123456789', roles: ['agent'], mustChangePassword: true });
    expect(made.status).toBe(201);
    expect((await server.admin('PATCH', `/api/users/${made.body.id}`, { disabled: true })).status).toBe(200);
    await openAdmin('Utilisateurs et rôles');
    const row = page.locator('tr[data-username="yawa"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Désactivé');
    // Before: « Mot de passe à changer » and the orange « Toutes les files », as if she could still sign in and see every queue.
    expect(await row.textContent()).not.toContain('Mot de passe à changer');
    expect(await row.getByTestId('user-queues').innerText()).toBe('');
  });

  it('shows bindings to a viewer read-only, and no users screen', async () => {
    const viewer = await createUser(server, 'vera', ['viewer']);
    const viewerPage = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(viewerPage, server.url, viewer);
    await viewerPage.getByRole('button', { name: 'Mon compte' }).click();
    expect(await viewerPage.getByRole('menuitem', { name: 'Utilisateurs et rôles' }).count()).toBe(0);
    await viewerPage.getByRole('menuitem', { name: 'Raccordements' }).click();
    await viewerPage.locator('.bindings-page tr[data-binding="voice:3030"]').waitFor();
    expect(await viewerPage.locator('.bindings-page').textContent()).toContain('Lecture seule');
    expect(await viewerPage.getByRole('button', { name: 'Nouveau raccordement' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Supprimer le raccordement Voix 3030' }).count()).toBe(0);
    await viewerPage.getByRole('button', { name: 'Voir le raccordement Voix 3030' }).click();
    expect(await viewerPage.getByRole('dialog').getByRole('button', { name: 'Enregistrer' }).count()).toBe(0);
    await viewerPage.goto(`${server.url}/admin/users`);
    await viewerPage.locator('.admin-page').waitFor();
    expect(await viewerPage.locator('.users-page').count()).toBe(0);
    await viewerPage.context().close();
  });
});
