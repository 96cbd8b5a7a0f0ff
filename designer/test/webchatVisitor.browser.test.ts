import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();

/**
 * The daily review of 2026-12-05 (daily17), on the web chat. A visitor chose Fon on the demo's
 * language menu and asked for an agent: the visitor's page showed the menu's French and English
 * texts and its buttons, never the menu's Fon recording; the agent's « Avant la mise en relation »
 * read « ▶ message vocal (fon) » first, as though the visitor had been sent a voice note. And a
 * visitor who chose English kept a French « Envoyer » button and « Votre message… ».
 */
describe.skipIf(missing !== null)('a web chat visitor, and the agent who reads what the bot sent them', () => {
  let server: GriotServer;
  let browser: Browser;
  let visitor: Page;
  let agent: Page;
  let chatUrl: string;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const fifi = await createUser(server, 'fifi', ['agent']);
    const binding = await server.admin<{ id: string }>('POST', '/api/bindings', { channel: 'webchat', address: 'site-web', flowId: 'selfcare-1919', environment: 'production' });
    expect(binding.status).toBe(201);
    browser = await launchChromium();
    visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    chatUrl = `${server.url}/chat/${binding.body.id}`;
    await visitor.goto(chatUrl);
    agent = await signInAt(browser, server.url, fifi);
  });

  afterEach((test) => screenshotIfFailed(test, agent));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the language menu as the visitor got it: its texts, not its Fon recording', async () => {
    // The visitor gets the menu's two texts and its buttons, no voice note.
    await visitor.getByRole('button', { name: 'Fon' }).waitFor();
    expect(await visitor.locator('audio').count()).toBe(0);
    await visitor.getByRole('button', { name: 'Fon' }).click();
    await visitor.getByRole('button', { name: 'Conseiller' }).click();

    await agent.getByRole('button', { name: 'Prendre le suivant', exact: true }).click();
    const botPart = agent.getByRole('list', { name: 'Avant la mise en relation, avec le bot' });
    await botPart.getByText('Conseiller').waitFor();
    const lines = (await botPart.locator('.text').allTextContents()).map((text) => text.trim());
    // Before the visitor's « Fon »: the two texts they read, nothing else.
    expect(lines.slice(0, lines.indexOf('Fon'))).toEqual(['Choisissez votre langue.', 'Choose your language.']);
    // After it, the Fon recordings the visitor was sent (the welcome, the menu) still read as voice notes.
    expect(lines.slice(lines.indexOf('Fon') + 1)).toContain('▶ message vocal (Fɔngbè)');
  });

  it('speaks the visitor’s language once they chose it: « Send », « Your message… »', async () => {
    const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await page.goto(chatUrl);
    const send = page.locator('#composer button[type="submit"]');
    expect(await send.innerText()).toBe('Envoyer');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => send.innerText()).toBe('Send');
    expect(await page.locator('#text').getAttribute('placeholder')).toBe('Your message…');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Back on the page later (the same tab), still in English.
    await page.reload();
    expect(await send.innerText()).toBe('Send');
    await page.context().close();
  });
});
