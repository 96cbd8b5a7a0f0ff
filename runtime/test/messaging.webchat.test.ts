import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/** The web chat page in a real browser (Debian's chromium), on the 1919 demo flow. */
const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('web chat in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows menus as buttons, takes a click and typed words, without errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/chat/${bindingId}`);
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.innerText('#log')).toContain('Bienvenue sur le 1919');
    await page.getByRole('button', { name: 'Solde' }).click();
    // The web chat has no phone number: the operator does not know it.
    await expect.poll(() => page.innerText('#log')).toContain("Votre numéro n'est pas reconnu");
    await page.fill('#text', 'menu');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.choices').count()).toBe(4);
    // Only the last menu can still be used.
    expect(await page.locator('.choices button:not([disabled])').allInnerTexts()).toEqual(['Code PUK', 'Solde', 'Mobile Money', 'Un conseiller']);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('offers the languages without a Fon recording, and plays Fon only once the visitor chose it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/chat/${bindingId}`);
    await page.getByRole('button', { name: 'Fon' }).waitFor();
    // The language menu: the written prompts and a button per language, nothing to play yet.
    expect(await page.innerText('#log')).toContain('Choisissez votre langue.');
    expect(await page.locator('#log audio').count()).toBe(0);
    await page.getByRole('button', { name: 'Fon' }).click();
    // Fon has no text: its welcome and menu are the recordings, which the page can fetch and play.
    await expect.poll(() => page.locator('#log audio').count()).toBe(2);
    const sources = await page.locator('#log audio').evaluateAll((elements) => elements.map((e) => (e as unknown as { src: string }).src));
    expect(sources.map((src) => new URL(src).pathname)).toEqual(['/audio/selfcare-1919/fon/welcome.wav', '/audio/selfcare-1919/fon/menu-main.wav']);
    for (const src of sources) expect((await page.request.get(src)).headers()['content-type']).toBe('audio/wav');
    expect(await page.innerText('#log')).not.toContain('Bienvenue sur le 1919');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('keeps the menu and the words when a message is lost on the way, and sends it again under the same id', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const ids: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/messages')) ids.push(JSON.parse(r.postData() ?? '{}').messageId);
    });
    await page.goto(`${server.url}/chat/${bindingId}`);
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.innerText('#log')).toContain('Bienvenue sur le 1919');

    // The network drops the press: the menu still works, and the visitor tries again.
    await page.route('**/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.getByRole('button', { name: 'Solde' }).click();
    await expect.poll(() => page.innerText('#log')).toContain('Message non envoyé');
    expect(await page.locator('.choices').last().getByRole('button', { name: 'Solde' }).isEnabled()).toBe(true);
    const pressed = ids.length;
    await page.getByRole('button', { name: 'Réessayer / Retry' }).click();
    await expect.poll(() => page.innerText('#log')).toContain("Votre numéro n'est pas reconnu");
    expect(ids[pressed]).toBe(ids[pressed - 1]);

    // Words typed: back in the box after the failure, sent again with Enter under the same id.
    const menus = await page.locator('.choices').count();
    await page.route('**/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.fill('#text', 'menu');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.inputValue('#text')).toBe('menu');
    const typed = ids.length;
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.choices').count()).toBe(menus + 1);
    expect(ids[typed]).toBe(ids[typed - 1]);
    expect(new Set(ids).size).toBe(ids.length - 2);
    expect(await page.inputValue('#text')).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('says politely, in French and English, to slow down when the conversation’s budget is spent, and keeps the menu and the words', async () => {
    // Two messages a minute in a conversation: the language, then the menu's choice; typing next is one too many.
    const strict = await startTestServer({ env: { GRIOT_DEMO: '1', WEBCHAT_MESSAGES_PER_CONVERSATION: '2' } });
    try {
      const binding = (await strict.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' })).body.id;
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${strict.url}/chat/${binding}`);
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('button', { name: 'Solde' }).click();
      await expect.poll(() => page.innerText('#log')).toContain("Votre numéro n'est pas reconnu");
      const menus = await page.locator('.choices').count();
      await page.fill('#text', 'menu');
      await page.press('#text', 'Enter');
      await expect.poll(() => page.innerText('#log')).toContain('Vous envoyez des messages un peu trop vite : merci de réessayer dans');
      expect(await page.innerText('#log')).toMatch(/You are sending messages a little too fast: please try again in \d+ seconds\./);
      expect(await page.innerText('#log')).not.toMatch(/Erreur/);
      // Nothing was taken: no new menu, the last one still works, and the words are back in the box.
      expect(await page.locator('.choices').count()).toBe(menus);
      expect(await page.locator('.choices').last().locator('button:not([disabled])').count()).toBeGreaterThan(0);
      expect(await page.inputValue('#text')).toBe('menu');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await strict.stop();
    }
  }, 30_000);
});
