import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[callback due browser test skipped] ${missing}`);

/**
 * A callback promised for a time calls the agent when that time comes, as a new contact does,
 * with no reload and another tab in front: the tab's title counts it, a desktop notification names
 * the queue (never the number), the list says « à rappeler maintenant », and « Prendre le suivant »
 * takes it when nobody waits on a line. Its number reads grouped (`+229 01 97 00 01 21`), as the rest
 * of the agent app shows numbers.
 */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** A voice caller handed over to `queue` by the engine's hook; the waiting contact's id. */
async function handoff(server: GriotServer, caller: string, queue: string): Promise<string> {
  const { record } = await seedWaitingContact(server, { caller, channel: 'voice', queue, priority: 5, path: ['handoff'] });
  const contact = await server.running.services.handoff.openContactOf(record.key);
  return contact!.id;
}

function fakeNotifications(): void {
  const w = window as unknown as { __notes: Array<{ title: string; body: string }>; __hidden: boolean; Notification: unknown };
  w.__notes = [];
  w.__hidden = false;
  w.Notification = class {
    static get permission() {
      return 'granted';
    }
    static async requestPermission() {
      return 'granted';
    }
    onclick: unknown = null;
    constructor(title: string, options?: { body?: string }) {
      w.__notes.push({ title, body: options?.body ?? '' });
    }
    close() {}
  };
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (w.__hidden ? 'hidden' : 'visible') });
}

async function signInAt(browser: Browser, url: string, user: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(fakeNotifications);
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByLabel("Nom d'utilisateur").fill(user.username);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('main').first().waitFor();
  return page;
}

describe.skipIf(missing !== null)('a callback whose promised time comes, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;
  const NUMBER = '+2290197000121';

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['agent']);
    browser = await launchChromium();
    agent = await signInAt(browser, server.url, awa);
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, agent);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('calls the agent at that time without a reload, and « Prendre le suivant » takes it', async () => {
    await agent.getByRole('heading', { name: 'Files d’attente' }).waitFor();
    await poll(() => agent.title()).toBe('Griot — Conseiller');
    await agent.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
    });
    // The caller waiting on the line is offered a callback for a few seconds from now, and accepts.
    const contactId = await handoff(server, NUMBER, 'support-fr');
    await poll(() => agent.title()).toBe('(1) Griot — Conseiller');
    const callAt = new Date(Date.now() + 6_000).toISOString();
    const accepted = await server.running.services.handoff.callbackFrom(contactId, undefined, callAt);
    const id = accepted!.request.id;
    const item = agent.locator(`.callbacks [data-callback-id="${id}"]`);
    await item.waitFor();
    // The number reads as everywhere else in the agent app, grouped, in the list and in its buttons' names.
    await poll(() => item.innerText()).toContain('+229 01 97 00 01 21');
    expect(await item.innerText()).not.toContain(NUMBER);
    await poll(() => item.getByRole('button', { name: /\+229 01 97 00 01 21/ }).count()).toBeGreaterThan(0);
    // Not due yet: nothing counts in the title, and « Prendre le suivant » has nothing to take.
    await poll(() => agent.title()).toBe('Griot — Conseiller');
    expect(await item.getAttribute('data-due')).toBeNull();
    const takeNext = agent.locator('#inbox-take-next');
    expect(await takeNext.isDisabled()).toBe(true);
    const notes = () => agent.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
    const before = (await notes()).length;

    // Its time comes: the agent is called as for a new contact.
    await poll(() => agent.title()).toBe('(1) Griot — Conseiller');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(callAt) - 1_000);
    await poll(async () => (await notes()).slice(before)).toEqual([{ title: 'Griot — rappel à faire maintenant', body: 'File support-fr · Voix' }]);
    expect(JSON.stringify(await notes())).not.toContain('0197000121');
    await poll(() => item.innerText()).toContain('à rappeler maintenant');
    await poll(() => agent.getByTestId('announce').innerText()).toBe('Rappel à faire maintenant dans support-fr');

    await agent.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = false;
    });
    await poll(() => takeNext.isDisabled()).toBe(false);
    await takeNext.click();
    await poll(async () => (await server.running.store.getCallbackRequest(id))?.status).toBe('taken');
    expect((await server.running.store.getCallbackRequest(id))?.agent).toBe('awa');
    await poll(() => item.getAttribute('data-status')).toBe('taken');
    await poll(() => agent.title()).toBe('Griot — Conseiller');
    await poll(() => agent.evaluate(() => document.activeElement?.closest('[data-callback-id]')?.getAttribute('data-callback-id'))).toBe(id);
  });

  it('keeps the keyboard on a callback the agent takes with Entrée, then on the next one once she marks it done', async () => {
    const ids: string[] = [];
    for (const number of ['+2290197000122', '+2290197000123']) {
      const accepted = await server.running.services.handoff.callbackFrom(await handoff(server, number, 'support-fr'), undefined);
      ids.push(accepted!.request.id);
    }
    const [first, second] = ids as [string, string];
    const focusedCallback = () => agent.evaluate(() => document.activeElement?.closest('[data-callback-id]')?.getAttribute('data-callback-id') ?? document.activeElement?.tagName);
    const focusedText = () => agent.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    const item = agent.locator(`.callbacks [data-callback-id="${first}"]`);
    await item.getByRole('button', { name: 'Prendre +229 01 97 00 01 22' }).focus();
    await agent.keyboard.press('Enter');
    await poll(() => item.getAttribute('data-status')).toBe('taken');
    // « Prendre » is gone: the keyboard is on what comes next for this callback, not at the top of the page.
    await poll(focusedCallback).toBe(first);
    expect(await focusedText()).toBe('Appeler');
    await agent.keyboard.press('Tab');
    expect(await focusedText()).toBe('Fait');
    await agent.keyboard.press('Enter');
    await poll(() => item.count()).toBe(0);
    // Done, it leaves the list: the keyboard goes on to the next callback.
    await poll(focusedCallback).toBe(second);
  });
});
