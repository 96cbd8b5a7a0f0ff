import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';

const missing = chromiumMissing();

const CALLER = '+22901970000077';
/** A valid number, grouped by the formatter (« +229 01 97 00 04 31 »): the widest a queue's row shows. */
const VALID = '+2290197000431';
/** A right-to-left name ending in digits, then an override it never closes: what anyone may type as their WhatsApp name. */
const NAME = 'نور الهدى 22 \u202Eboutique';

/**
 * The agent reads the WhatsApp profile name of the subscriber beside their number (daily31): in
 * the queue's row, the contact's heading and its facts, isolated so that it turns nothing around it.
 */
/** Two queues named in Arabic: side by side in « Vos files », a sentence joining them must keep their order. */
const FIRST_QUEUE = 'خدمة العملاء';
const SECOND_QUEUE = 'الفواتير';

describe.skipIf(missing !== null)('names from elsewhere in the agent inbox: the WhatsApp profile name, « Vos files »', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let kofi: { username: string; password: string };

  beforeAll(async () => {
    server = await startGriot();
    const awa = await createUser(server, 'awa', ['agent']);
    kofi = await createUser(server, 'kofi', ['agent']);
    const kofiId = (await server.running.store.listUsers()).find((u) => u.username === 'kofi')!.id;
    await server.running.store.patchUser(kofiId, { queues: [FIRST_QUEUE, SECOND_QUEUE] });
    const { record } = await seedWaitingContact(server, { caller: CALLER, queue: 'support-fr' });
    await seedWaitingContact(server, { caller: VALID, queue: 'support-fr' });
    const contact = await server.running.services.handoff.openContactOf(record.key);
    await server.running.store.updateHandoffContact(contact!.id, ['waiting'], { callerName: NAME });
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the name after the number in the row, the heading and the facts, the channel and the number left in place', async () => {
    await page.goto(`${server.url}/agent`);
    const row = page.locator(`section.queue[data-queue="support-fr"] [data-caller="${CALLER}"]`);
    await row.waitFor();
    const name = row.locator('.caller-name');
    await expect.poll(() => name.getAttribute('title')).toBe(NAME);
    expect(await name.locator('bdi').count()).toBe(1);
    // The channel after the name, in its place on the line: the override inside the name stays inside it.
    const [number, named, channel] = await Promise.all([row.locator('.who strong'), name, row.locator('.who .channel')].map((l) => l.boundingBox()));
    expect(number!.x).toBeLessThan(named!.x);
    expect(named!.x + named!.width).toBeLessThanOrEqual(channel!.x + 1);
    expect(await row.locator('.who .channel').innerText()).toBe('WhatsApp');
    // At 1366 px a number reads whole, its country code first (rev32c: the row cut its start, « …2901970000077 » beside
    // the name, « …9 01 97 00 04 31 » without one); the name gives way instead, then the channel, each whole in its title.
    const whole = (el: HTMLElement) => el.scrollWidth <= el.clientWidth + 0.5;
    expect(await row.locator('.who strong').evaluate(whole)).toBe(true);
    const valid = page.locator(`section.queue[data-queue="support-fr"] [data-caller="${VALID}"]`);
    expect(await valid.locator('.who strong').innerText()).toBe('+229 01 97 00 04 31');
    expect(await valid.locator('.who strong').evaluate(whole)).toBe(true);
    expect(await valid.locator('.who .channel').getAttribute('title')).toBe('WhatsApp');

    await row.click();
    const heading = page.locator('.contact-detail h2.caller');
    await expect.poll(async () => (await heading.innerText()).replace(/\s/g, '')).toContain(CALLER);
    expect(await heading.locator('.caller-name bdi').count()).toBe(1);
    const fact = page.locator('dd[data-fact="callerName"]');
    await fact.waitFor();
    expect(await page.locator('dt', { hasText: 'Nom de profil' }).count()).toBe(1);
    expect(await fact.locator('bdi').innerText()).toContain('نور الهدى 22');
    expect(await fact.locator('[title]').getAttribute('title')).toMatch(/ne prouve pas son identité/);
    // The number in the facts goes through the one formatter (a 12-digit national part is no valid number: shown as typed),
    // isolated left to right like the heading's (daily32: it was bare text there and in the conversation's lines).
    const factNumber = page.locator('dd[data-fact="caller"] a[href^="tel:"] bdi[dir="ltr"]');
    expect(await factNumber.innerText()).toBe(CALLER);
  });

  it('« Vos files » keeps two right-to-left queue names in their order, the first before the comma', async () => {
    const other = await signInAt(browser, server.url, kofi, { viewport: { width: 1366, height: 768 } });
    try {
      await other.goto(`${server.url}/agent`);
      const line = other.getByTestId('assigned-queues');
      await line.waitFor();
      const at = await line.evaluate(
        (element, names) => {
          const text = element.textContent ?? '';
          const node = element.firstChild as Text;
          const left = (piece: string) => {
            const start = text.indexOf(piece);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + piece.length);
            return range.getBoundingClientRect().left;
          };
          return { first: left(names[0]!), comma: left(','), second: left(names[1]!), label: left('Vos files') };
        },
        [FIRST_QUEUE, SECOND_QUEUE],
      );
      expect(at.label, JSON.stringify(at)).toBeLessThan(at.first);
      expect(at.first, JSON.stringify(at)).toBeLessThan(at.comma);
      expect(at.comma, JSON.stringify(at)).toBeLessThan(at.second);
    } finally {
      await other.context().close();
    }
  });
});
