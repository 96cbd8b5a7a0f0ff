import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FlowEvent, Session } from '@griot/flows';
import type { SessionRecord } from '../../runtime/src/store/types.ts';
import { chromiumMissing, launchChromium, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[agent attention browser test skipped] ${missing}`);

/**
 * An agent's shift with the keyboard at 1366×768, in French. Another tab in front (the page
 * hidden), a new contact shows in the tab's title and in a desktop notification — asked for by
 * the agent's click, never on load, naming the queue and the channel and not the caller. One
 * « Prendre le suivant » serves the agent's queues (priority first), the empty queues folded.
 * After « Clôturer » and « Transférer » the keyboard lands on « Prendre le suivant »; Alt+N takes
 * the next contact, Alt+R goes to the reply box, « ? » lists the shortcuts. The newest messages
 * sit just above the reply box with the context unfolded, the context folds (remembered), and a
 * reload at /agent reopens the contact the agent holds.
 */
const VIEWPORT = { width: 1366, height: 768 };
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** The page's Notification API and visibility, replaced before the app loads: what it shows is recorded. */
function fakeNotifications(): void {
  const w = window as unknown as { __notes: Array<{ title: string; body: string }>; __asked: number; __hidden: boolean; Notification: unknown };
  w.__notes = [];
  w.__asked = 0;
  w.__hidden = false;
  let permission = 'default';
  w.Notification = class {
    static get permission() {
      return permission;
    }
    static async requestPermission() {
      w.__asked += 1;
      permission = 'granted';
      return permission;
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
  const context = await browser.newContext({ locale: 'fr-FR', viewport: VIEWPORT });
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

describe.skipIf(missing !== null)('an agent’s keyboard shift at 1366×768, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let agent: Page;
  let chat: { record: SessionRecord; session: Session };
  const WA = '+2290197000101';
  /** As the inbox shows it, grouped for reading. */
  const WA_SHOWN = '+229 01 97 00 01 01';
  const say = (text: string) => server.running.services.handoff.hooks.waitingEvent(chat.record, chat.session, { type: 'text', text } as FlowEvent);
  const focused = () => agent.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['agent']);
    // Earlier contacts: the context is long, as it is for a regular caller.
    await server.running.store.putCaller({
      number: WA,
      contacts: Array.from({ length: 6 }, (_, i) => ({ at: `2026-10-0${i + 1}T09:30:00.000Z`, channel: 'voice', reason: 'Forfait internet', outcome: 'resolved', agent: 'kofi' })),
      variables: {},
      createdAt: '2026-10-01T09:00:00.000Z',
      updatedAt: '2026-10-06T09:30:00.000Z',
    });
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

  it('tells of a contact while another tab is in front: the title counts it, a notification names the queue and the channel only', async () => {
    await agent.getByRole('heading', { name: 'Files d’attente' }).waitFor();
    await poll(() => agent.title()).toBe('Griot — Conseiller');
    // Never asked on load: only when the agent presses the button.
    expect(await agent.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    await agent.getByRole('button', { name: 'Activer les notifications' }).click();
    await agent.getByText('Notifications activées').waitFor();
    expect(await agent.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);

    await agent.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = true;
    });
    chat = await seedWaitingContact(server, { caller: WA, variables: { request: 'agent', segment: 'regular' } });
    await poll(() => agent.title()).toBe('(1) Griot — Conseiller');
    await poll(() => agent.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes)).toEqual([{ title: 'Griot — nouveau contact en attente', body: 'File support-fr · WhatsApp' }]);
    await agent.evaluate(() => {
      (window as unknown as { __hidden: boolean }).__hidden = false;
    });
  });

  it('offers one « Prendre le suivant » across the queues, priority first, with the empty queues folded', async () => {
    await seedWaitingContact(server, { caller: '+2290197000102', channel: 'voice', queue: 'support-en', priority: 1, variables: { request: 'agent', segment: 'regular' } });
    await poll(() => agent.title()).toBe('(2) Griot — Conseiller');
    const queues = agent.locator('#inbox-queues');
    await poll(() => queues.locator('section.queue:visible').count()).toBe(2);
    expect(await queues.getByRole('button', { name: 'Prendre le suivant', exact: true }).count()).toBe(1);
    // What she reads, not only what a screen reader names: one « Prendre le suivant », each queue's own « Le suivant ».
    const buttonTexts = () => queues.locator('button:visible').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).innerText.trim()));
    expect((await buttonTexts()).filter((text) => text === 'Prendre le suivant')).toHaveLength(1);
    expect((await buttonTexts()).filter((text) => text === 'Le suivant')).toHaveLength(2);
    const folded = queues.locator('details.empty-queues');
    // The demo's queues with nobody in them take one line.
    expect(await folded.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await folded.locator('summary').innerText()).toMatch(/^\d+ files? sans attente$/);
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-attention-queues.png` });
    // The VIP voice caller arrived last yet is served first.
    await queues.getByRole('button', { name: 'Prendre le suivant', exact: true }).click();
    await poll(() => agent.locator('#inbox-detail h2').innerText()).toBe('+229 01 97 00 01 02');
    await poll(() => agent.locator('#inbox-detail .status-line').innerText()).toContain('avec vous');
    await poll(() => agent.title()).toBe('(1) Griot — Conseiller');
  });

  it('puts the keyboard on « Prendre le suivant » after « Clôturer », and Alt+N takes the next contact', async () => {
    const detail = agent.locator('#inbox-detail');
    await detail.getByLabel('Résultat').selectOption({ label: 'Résolu' });
    await detail.getByRole('button', { name: 'Clôturer' }).click();
    await poll(focused).toBe('inbox-take-next');
    await agent.keyboard.press('Alt+N');
    await poll(() => detail.locator('h2').innerText()).toBe(WA_SHOWN);
    await poll(() => detail.locator('.status-line').innerText()).toContain('avec vous');
    await poll(() => agent.title()).toBe('Griot — Conseiller');
  });

  it('shows the newest messages just above the reply box with the context unfolded, and follows new ones', async () => {
    const detail = agent.locator('#inbox-detail');
    for (let i = 1; i <= 12; i += 1) await say(`Message ${i} du client`);
    const last = detail.locator('.msg.subscriber').last();
    await poll(() => last.innerText()).toContain('Message 12 du client');
    expect(await detail.getByRole('button', { name: 'Masquer le contexte' }).getAttribute('aria-expanded')).toBe('true');
    const shownAboveReply = async () => {
      const message = await last.boundingBox();
      const reply = await detail.locator('form.compose').boundingBox();
      if (!message || !reply) return false;
      // Inside the window, above the reply box, and not covered by anything.
      const onTop = await last.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
      });
      return message.y >= 0 && message.y + message.height <= reply.y + 1 && reply.y + reply.height <= VIEWPORT.height && onTop;
    };
    await poll(shownAboveReply).toBe(true);
    await agent.screenshot({ path: `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/agent-attention-conversation.png` });

    // Alt+R goes to the reply box; « ? » lists the shortcuts.
    await agent.keyboard.press('Alt+R');
    await poll(() => agent.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe('reply');
    await detail.locator('h2').focus();
    await agent.keyboard.press('?');
    const help = agent.getByRole('dialog', { name: 'Raccourcis clavier' });
    await help.waitFor();
    expect(await help.innerText()).toContain('Alt+N');
    expect(await help.innerText()).toContain('Aller à la réponse');
    await agent.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Scrolled up to read, the agent stays where they are when a message arrives; at the end, the new one shows.
    const log = detail.locator('ol.messages[role="log"]');
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await say('Message 13 du client');
    await poll(() => last.innerText()).toContain('Message 13 du client');
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    await log.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await say('Message 14 du client');
    await poll(() => last.innerText()).toContain('Message 14 du client');
    await poll(shownAboveReply).toBe(true);
  });

  it('folds the context (remembered), and a reload at /agent reopens the contact the agent holds', async () => {
    const detail = agent.locator('#inbox-detail');
    await detail.getByRole('button', { name: 'Masquer le contexte' }).click();
    expect(await detail.locator('[data-fact="path"]').isVisible()).toBe(false);
    await agent.goto(`${server.url}/agent`);
    await poll(() => agent.locator('#inbox-detail h2').innerText()).toBe(WA_SHOWN);
    expect(new URL(agent.url()).pathname).toMatch(/^\/agent\/contacts\//);
    const show = agent.locator('#inbox-detail').getByRole('button', { name: 'Afficher le contexte' });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    await show.click();
    await agent.locator('#inbox-detail [data-fact="path"]').waitFor();
  });

  it('puts the keyboard on « Prendre le suivant » after « Transférer »', async () => {
    const detail = agent.locator('#inbox-detail');
    await detail.getByLabel('Vers la file').click();
    await agent.getByRole('option', { name: 'support-en' }).click();
    await detail.getByRole('button', { name: 'Transférer' }).click();
    await poll(focused).toBe('inbox-take-next');
    await poll(() => agent.title()).toBe('(1) Griot — Conseiller');
  });
});
