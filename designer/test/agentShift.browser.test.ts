import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact, webChatVisitorWrote } from './support/waitingContact.ts';
import { startFakeConnector, type FakeConnector } from '../../connectors/src/botframework/testing/index.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent shift browser test skipped] ${missing}`);

/**
 * An agent's shift at 1280×800, in French: the supervisor writes a canned reply ("réponse type")
 * on the supervision page; a web-chat visitor (known only by a Bot Framework id) asks for an
 * agent; the agent reads a visitor label rather than the platform id, is offered no phone
 * callback and no tel: link, takes the contact and finds the reply box without scrolling, types
 * "/sal", inserts the canned reply, edits it and sends it. The empty "Rappels" column stays narrow.
 */
const VIEWPORT = { width: 1280, height: 800 };
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });
const GREETING = 'Bonjour, je suis Awa. Je regarde votre demande.';

describe.skipIf(missing !== null)('an agent’s shift at 1280×800, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;
  let supervisor: Page;
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = await startFakeConnector();
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['agent']);
    const sena = await createUser(server, 'sena', ['supervisor']);
    browser = await launchChromium();
    supervisor = await signInAt(browser, server.url, sena, { viewport: VIEWPORT });
    agent = await signInAt(browser, server.url, awa, { viewport: VIEWPORT });
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await connector?.close();
  });

  it('lets a supervisor write a canned reply on the supervision page', async () => {
    const panel = supervisor.locator('.canned-replies-admin');
    await supervisor.getByRole('heading', { name: 'Réponses types' }).waitFor();
    await panel.getByRole('button', { name: 'Ajouter une réponse type' }).click();
    await panel.getByLabel('Titre').fill('Salutation');
    await panel.getByLabel('Texte en français').fill(GREETING);
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await poll(() => panel.getByRole('status').innerText()).toBe('Réponse type « Salutation » enregistrée.');
    expect(await panel.locator('ul.canned-admin-list li').innerText()).toContain('toutes les files');
  });

  it('names a web-chat visitor by a label, and offers no phone callback nor tel: link', async () => {
    await webChatVisitorWrote(server, connector, 'botframework:user-conv1', { activity: 'act-visitor-1', user: 'user-conv1' });
    await seedWaitingContact(server, { caller: 'botframework:user-conv1', channel: 'botframework', variables: { request: 'agent' } });
    const row = agent.locator('#inbox-queues button.contact').first();
    // Azure's Web Chat, not Teams.
    await poll(() => row.innerText()).toMatch(/^Visiteur du chat #\d{4}\s+Chat web/);
    expect(await row.innerText()).not.toContain('botframework');
    await row.click();
    const detail = agent.locator('#inbox-detail');
    await poll(() => detail.locator('h2').innerText()).toMatch(/^Visiteur du chat #\d{4}$/);
    await detail.getByRole('button', { name: 'Prendre', exact: true }).waitFor();
    expect(await detail.getByRole('button', { name: 'Proposer un rappel' }).count()).toBe(0);
    expect(await detail.locator('a[href^="tel:"]').count()).toBe(0);
    expect(await detail.locator('[data-fact="caller"]').innerText()).toMatch(/^Visiteur du chat #\d{4}$/);
    // The variable by its name, not the flow's sentence about it.
    await poll(() => detail.locator('[data-variable="request"]').innerText()).toBe('request : agent');
  });

  it('puts the reply box in sight and inserts a canned reply with "/", to edit before sending', async () => {
    const detail = agent.locator('#inbox-detail');
    await detail.getByRole('button', { name: 'Prendre', exact: true }).click();
    const reply = detail.getByLabel('Réponse', { exact: true });
    await reply.waitFor();
    // Without scrolling: the column is at its top and the box inside the window.
    expect(await detail.evaluate((column) => column.scrollTop)).toBe(0);
    const box = await reply.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
    // The empty callbacks column leaves the width to the conversation.
    expect((await agent.locator('#inbox-callbacks').boundingBox())?.width).toBeLessThan(200);

    await reply.fill('/sal');
    const list = detail.getByRole('listbox', { name: 'Réponses types' });
    await list.getByRole('option', { name: /^Salutation/ }).waitFor();
    // The box controls the list, and says which reply Enter would insert.
    expect(await reply.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
    expect(await reply.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option', { name: /^Salutation/ }).getAttribute('id'));
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe(GREETING);
    await reply.press('End');
    await reply.pressSequentially(' Un instant.');
    await reply.press('Enter');
    await poll(() => detail.locator('.msg.agent').innerText()).toContain(`${GREETING} Un instant.`);
    await poll(() => reply.inputValue()).toBe('');
    // It reached the visitor's conversation through the Bot Connector.
    await poll(() => connector.posts.filter((p) => p.replyToId === undefined).map((p) => p.activity.text)).toEqual([`${GREETING} Un instant.`]);

    await detail.getByRole('button', { name: 'Réponses types' }).click();
    await detail.getByLabel('Chercher une réponse type par son titre').fill('SALU');
    await detail.getByRole('option', { name: /^Salutation/ }).click();
    await poll(() => reply.inputValue()).toBe(GREETING);
  });

  it('walks the canned replies with the arrow keys, Enter inserts the one shown, Escape closes, and a reply the supervisor adds meanwhile is offered at once', async () => {
    const detail = agent.locator('#inbox-detail');
    const reply = detail.getByLabel('Réponse', { exact: true });
    await reply.fill('/');
    const list = detail.getByRole('listbox', { name: 'Réponses types' });
    const options = list.getByRole('option');
    await poll(() => options.count()).toBe(1);

    // The supervisor adds one while the list is open: it comes in without the agent doing anything.
    const panel = supervisor.locator('.canned-replies-admin');
    await panel.getByRole('button', { name: 'Ajouter une réponse type' }).click();
    await panel.getByLabel('Titre').fill('Suivi du dossier');
    await panel.getByLabel('Texte en français').fill('Votre dossier est en cours de traitement.');
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await poll(() => options.allInnerTexts()).toEqual([expect.stringMatching(/^Salutation/), expect.stringMatching(/^Suivi du dossier/)]);

    const selected = () => list.locator('[role="option"][aria-selected="true"]').innerText();
    await poll(selected).toMatch(/^Salutation/);
    await reply.press('ArrowDown');
    await poll(selected).toMatch(/^Suivi du dossier/);
    expect(await reply.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    // Past the last, back to the first; and up again.
    await reply.press('ArrowDown');
    await poll(selected).toMatch(/^Salutation/);
    await reply.press('ArrowUp');
    await poll(selected).toMatch(/^Suivi du dossier/);
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('Votre dossier est en cours de traitement.');
    await poll(() => list.count()).toBe(0);

    // Escape closes the list (and takes the "/" away); in the search field too, back to the box.
    await reply.fill('/');
    await list.waitFor();
    await reply.press('Escape');
    await poll(() => list.count()).toBe(0);
    await detail.getByRole('button', { name: 'Réponses types' }).click();
    const search = detail.getByRole('combobox', { name: 'Chercher une réponse type par son titre' });
    await search.waitFor();
    await search.press('ArrowDown');
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    await search.press('Escape');
    await poll(() => search.count()).toBe(0);
    await poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('offers first the canned replies a supervisor marked for the contact’s queue, then the general ones, and not another queue’s', async () => {
    const panel = supervisor.locator('.canned-replies-admin');
    await panel.getByRole('button', { name: 'Ajouter une réponse type' }).click();
    await panel.getByLabel('Titre').fill('Code PUK');
    await panel.getByLabel('Texte en français').fill('Votre code PUK est au dos de la carte SIM.');
    await panel.getByRole('textbox', { name: 'Files' }).click();
    await supervisor.getByRole('listbox', { name: 'Files' }).getByRole('option', { name: 'support-fr' }).click();
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await poll(() => panel.getByRole('status').innerText()).toBe('Réponse type « Code PUK » enregistrée.');
    await poll(() => panel.locator('ul.canned-admin-list li', { hasText: 'Code PUK' }).innerText()).toContain('· support-fr');
    // Another queue's only (written through the API): never offered on this contact.
    const roaming = await server.admin('POST', '/api/agent/canned-replies', { title: 'Itinérance', texts: { fr: 'Activez l’itinérance.' }, queues: ['roaming'] });
    expect(roaming.status).toBe(201);

    const detail = agent.locator('#inbox-detail');
    const reply = detail.getByLabel('Réponse', { exact: true });
    await reply.fill('/');
    const options = detail.getByRole('listbox', { name: 'Réponses types' }).getByRole('option');
    await poll(() => options.allInnerTexts()).toEqual([expect.stringMatching(/^Code PUK/), expect.stringMatching(/^Salutation/), expect.stringMatching(/^Suivi du dossier/)]);
    await reply.press('Escape');
  });

  it('offers a callback during a WhatsApp conversation the agent holds', async () => {
    await seedWaitingContact(server, { caller: '+2290197000055', variables: { request: 'agent' } });
    const row = agent.locator('#inbox-queues button.contact', { hasText: '+229 01 97 00 00 55' });
    await row.click();
    const detail = agent.locator('#inbox-detail');
    await poll(() => detail.locator('h2').innerText()).toBe('+229 01 97 00 00 55');
    await detail.getByRole('button', { name: 'Prendre', exact: true }).click();
    await detail.getByLabel('Réponse', { exact: true }).waitFor();
    await detail.getByRole('button', { name: 'Proposer un rappel' }).click();
    // As soon as possible, unless the agent picks a time.
    const schedule = agent.getByRole('form', { name: 'Programmer le rappel' });
    expect(await schedule.getByRole('radio', { name: 'Dès que possible' }).isChecked()).toBe(true);
    await schedule.getByRole('button', { name: 'Programmer le rappel' }).click();
    await poll(() => agent.locator('#inbox-callbacks').innerText()).toContain('+229 01 97 00 00 55');
    await poll(() => detail.locator('.status-line').innerText()).toContain('terminé');
  });
});
