import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent queues browser test skipped] ${missing}`);

/**
 * An admin assigns an agent their queues, in French: the users page first warns that fatou still
 * sees every queue; the admin ticks `support-en` for her; fatou's inbox then lists the contact
 * waiting there, says which queues are hers, and not the one waiting in `support-fr`.
 */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** A WhatsApp subscriber handed over to `queue` by the engine's hook, as the 1919 flow's handoff node does it. */
const handoffTo = (server: GriotServer, queue: string, caller: string) => seedWaitingContact(server, { caller, queue, priority: 0, reason: 'Demande d’assistance', path: ['handoff'] });

describe.skipIf(missing !== null)('an admin assigns an agent their queues, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let admin: Page;
  let agent: Page | undefined;
  let fatou: { username: string; password: string };
  /** The support-en contact fatou holds while the admin takes support-en from her. */
  let heldId = '';

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const mariam = await createUser(server, 'mariam', ['admin']);
    fatou = await createUser(server, 'fatou', ['agent']);
    await handoffTo(server, 'support-fr', '+2290197000041');
    await handoffTo(server, 'support-en', '+2290197000042');
    browser = await launchChromium();
    admin = await signInAt(browser, server.url, mariam);
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent ?? admin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('warns of an agent who still sees every queue, and assigns her support-en', async () => {
    await admin.goto(`${server.url}/admin/users`);
    const warning = admin.getByTestId('unassigned-agents');
    await poll(() => warning.innerText()).toContain('fatou voit encore toutes les files');
    const row = admin.locator('tr[data-username="fatou"]');
    expect(await row.getByTestId('user-queues').innerText()).toBe('Toutes les files');

    await row.getByRole('button', { name: 'Actions pour fatou' }).click();
    await admin.getByRole('menuitem', { name: 'Affecter des files…' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Files de fatou' });
    await dialog.getByRole('radio', { name: 'Seulement les files cochées' }).check();
    // None ticked yet: the admin is told she would see nothing.
    await dialog.getByText('Aucune file cochée').waitFor();
    await dialog.getByRole('checkbox', { name: 'support-en' }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });

    await poll(() => row.getByTestId('user-queues').innerText()).toBe('support-en');
    expect(await warning.count()).toBe(0);
    // fatou is the only agent, and limited now: support-fr, where a subscriber waits, has nobody to answer it.
    const unanswered = admin.getByTestId('unanswered-queues');
    await poll(() => unanswered.locator('[data-queue="support-fr"]').innerText()).toBe('support-fr : aucun agent affecté');
    expect(await unanswered.locator('[data-queue="support-en"]').count()).toBe(0);
    const users = await server.admin<Array<{ username: string; queues: string[] | null }>>('GET', '/api/users');
    expect(users.body.find((u) => u.username === 'fatou')?.queues).toEqual(['support-en']);
  });

  it('assigns a new agent their queues as the account is made', async () => {
    await admin.getByRole('button', { name: 'Nouvel utilisateur' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Nom d’utilisateur').fill('kouame');
    await dialog.getByRole('checkbox', { name: 'Agent', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'support-fr', exact: true }).check();
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await dialog.getByRole('button', { name: 'C’est noté' }).click();
    await poll(() => admin.locator('tr[data-username="kouame"]').getByTestId('user-queues').innerText()).toBe('support-fr');
    expect(await admin.getByTestId('unassigned-agents').count()).toBe(0);
    // kouame answers support-fr now.
    await poll(() => admin.getByTestId('unanswered-queues').locator('[data-queue="support-fr"]').count()).toBe(0);
  });

  it('shows the agent the contact of her queue, and not the other queue’s', async () => {
    agent = await signInAt(browser, server.url, fatou);
    const queues = agent.locator('#inbox-queues');
    await poll(() => queues.getByTestId('assigned-queues').innerText()).toBe('Vos files : support-en');
    const english = queues.locator('section.queue[data-queue="support-en"]');
    await poll(() => english.locator('button.contact').count()).toBe(1);
    expect(await queues.locator('section.queue[data-queue="support-fr"]').count()).toBe(0);
    expect(await queues.innerText()).not.toContain('0197000041');
  });

  /** The admin opens fatou's queues in the users page. */
  async function fatouQueues() {
    await admin.goto(`${server.url}/admin/users`);
    const row = admin.locator('tr[data-username="fatou"]');
    await row.getByRole('button', { name: 'Actions pour fatou' }).click();
    await admin.getByRole('menuitem', { name: 'Affecter des files…' }).click();
    return admin.getByRole('dialog', { name: 'Files de fatou' });
  }

  it('follows on the agent’s open page, without a reload, when the admin gives her another queue', async () => {
    const page = agent!;
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const dialog = await fatouQueues();
    await dialog.getByRole('checkbox', { name: 'support-fr' }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });

    const queues = page.locator('#inbox-queues');
    await poll(() => queues.getByTestId('queues-changed').innerText()).toContain('Vos files ont changé : support-en, support-fr');
    await poll(() => queues.getByTestId('assigned-queues').innerText()).toBe('Vos files : support-en, support-fr');
    await poll(() => queues.locator('section.queue[data-queue="support-fr"] button.contact').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('says before saving that fatou keeps the contact she holds in the queue taken from her; she still answers it, and nothing new of that queue calls her', async () => {
    const board = await server.admin<Array<{ queue: string; contacts: Array<{ id: string; status: string }> }>>('GET', '/api/agent/queues');
    const english = board.body.find((q) => q.queue === 'support-en')!.contacts.find((c) => c.status === 'waiting')!;
    heldId = english.id;
    const page = agent!;
    const queues = page.locator('#inbox-queues');
    // She takes it on her page and has it open.
    await queues.locator(`button.contact[data-contact-id="${english.id}"]`).click();
    const pane = page.locator('article.contact-detail');
    await pane.getByRole('button', { name: 'Prendre', exact: true }).click();
    await poll(() => pane.locator('.status-line').innerText()).toContain('avec vous');
    // A new subscriber waits in support-en: her page announces it.
    await handoffTo(server, 'support-en', '+2290197000043');
    await poll(() => page.getByTestId('announce').innerText()).toBe('Nouveau contact en attente dans support-en');

    const dialog = await fatouQueues();
    await dialog.getByRole('checkbox', { name: 'support-en' }).uncheck();
    const stranded = dialog.getByTestId('stranded-contacts');
    await poll(() => stranded.innerText()).toContain('fatou tient 1 contact de support-en : fatou le garde jusqu’à sa clôture');
    const requeue = dialog.getByRole('checkbox', { name: /Le remettre en file en enregistrant/ });
    // Kept by default: putting it back would leave the subscriber without their agent mid-conversation.
    expect(await requeue.isChecked()).toBe(false);
    await requeue.check();
    await poll(() => stranded.innerText()).toContain('il retournera en file');
    await requeue.uncheck();
    // Ticked back support-en: nothing is taken from her, nothing said.
    await dialog.getByRole('checkbox', { name: 'support-en' }).check();
    await poll(() => stranded.count()).toBe(0);
    await dialog.getByRole('checkbox', { name: 'support-en' }).uncheck();
    await stranded.waitFor();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Her page follows: support-en is no longer hers, but the conversation she holds is, open with its actions.
    await poll(() => queues.getByTestId('assigned-queues').innerText()).toBe('Vos files : support-fr');
    await poll(() => queues.getByTestId('queues-changed').innerText()).toContain('Vos files ont changé : support-fr');
    expect(await server.running.services.ctx.store.getHandoffContact(english.id)).toMatchObject({ status: 'assigned', agent: 'fatou', queue: 'support-en' });
    await poll(() => page.locator(`section.my-contacts button.contact[data-contact-id="${english.id}"]`).count()).toBe(1);
    await poll(() => queues.locator('section.queue[data-queue="support-en"]').count()).toBe(0);
    expect(await page.locator('#inbox-queues').innerText()).not.toContain('01 97 00 00 43');
    expect(await pane.locator('.status-line').innerText()).toContain('avec vous');
    await pane.getByRole('button', { name: 'Clôturer' }).waitFor();
    await pane.getByRole('button', { name: 'Transférer' }).waitFor();
    expect(await pane.getByTestId('contact-lost').count()).toBe(0);
    // The new contact of support-en no longer calls her.
    await poll(() => page.getByTestId('announce').innerText()).toBe('');
  });

  it('tells fatou, in her open pane, when the admin puts that contact back in its queue; its actions go', async () => {
    const page = agent!;
    const pane = page.locator('article.contact-detail');
    const dialog = await fatouQueues();
    const stranded = dialog.getByTestId('stranded-contacts');
    await poll(() => stranded.innerText()).toContain('fatou tient 1 contact de support-en');
    await dialog.getByRole('checkbox', { name: /Le remettre en file en enregistrant/ }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });

    const audit = await server.admin<Array<{ details: Record<string, unknown> }>>('GET', '/api/audit?action=user.requeueContacts');
    expect(audit.body[0]?.details).toMatchObject({ username: 'fatou', requeued: 1, outsideAssignment: true });
    await poll(() => pane.getByTestId('contact-lost').innerText()).toBe('Ce contact a été remis en file par un superviseur ou un administrateur : il n’est plus avec vous.');
    expect(await pane.getByRole('button', { name: 'Clôturer' }).count()).toBe(0);
    expect(await pane.getByRole('button', { name: 'Transférer' }).count()).toBe(0);
    expect(await pane.locator('.status-line').count()).toBe(0);
    // The list agrees: nothing of support-en is hers any more.
    await poll(() => page.locator(`button.contact[data-contact-id="${heldId}"]`).count()).toBe(0);
  });
});
