import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * An agent answers a web chat visitor handed over on the 1919 demo: the visitor's page (Debian's
 * chromium) shows the agent's words while it is open, without reloading, and those sent while
 * it was closed when it comes back; the inbox says them delivered (stored for the visitor).
 */
const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('an agent answering a web chat visitor', () => {
  let server: TestServer;
  let browser: Browser;
  let agent: ApiClient;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
    agent = await userWithRoles(server, 'awa', ['agent']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const waitingContact = async () => ((await agent.get('/api/agent/queues')).body as any[]).flatMap((q) => q.contacts).find((c: any) => c.channel === 'webchat' && c.status === 'waiting');

  it('shows the agent’s replies on the open page, and those sent while it was closed when it comes back', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/chat/${bindingId}`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Un conseiller' }).click();
    await expect.poll(waitingContact, { timeout: 10_000 }).toBeTruthy();
    const contact = await waitingContact();
    expect((await agent.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);

    // The page is open: the reply appears without a reload.
    const first = await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Bonjour, ici Awa du service client.', clientId: '0b7e2a4c-5d6f-4a1b-9c8d-7e6f5a4b3c21' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ delivered: true });
    await expect.poll(() => page.innerText('#log'), { timeout: 10_000 }).toContain('Bonjour, ici Awa du service client.');

    // The visitor leaves the page; the agent answers meanwhile; the visitor comes back.
    await page.goto('about:blank');
    const second = await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre forfait est réactivé.', clientId: '1c8f3b5d-6e7a-4b2c-8d9e-8f7a6b5c4d32' });
    expect(second.body).toMatchObject({ delivered: true });
    // The agent app's retry of the same reply is not shown twice.
    expect((await agent.post(`/api/agent/contacts/${contact.id}/messages`, { text: 'Votre forfait est réactivé.', clientId: '1c8f3b5d-6e7a-4b2c-8d9e-8f7a6b5c4d32' })).status).toBe(201);
    await page.goto(`${server.url}/chat/${bindingId}`);
    await expect.poll(() => page.innerText('#log'), { timeout: 10_000 }).toContain('Votre forfait est réactivé.');
    // Only what came while it was away, once.
    const log = await page.innerText('#log');
    expect(log.split('Votre forfait est réactivé.').length - 1).toBe(1);
    expect(log).not.toContain('Bonjour, ici Awa');
    // The inbox shows both replies sent, none pending.
    const messages = (await agent.get(`/api/agent/contacts/${contact.id}`)).body.messages.filter((m: any) => m.from === 'agent');
    expect(messages.map((m: any) => [m.text, m.pending ?? false, m.undelivered ?? null])).toEqual([
      ['Bonjour, ici Awa du service client.', false, null],
      ['Votre forfait est réactivé.', false, null],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
