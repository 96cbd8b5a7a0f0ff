import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { DEMO_WHATSAPP_PHONE_NUMBER_ID } from '../../runtime/src/demo/demoDefaults.ts';
import { READ_DEADLINE_MS } from '../src/api/client.ts';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[stuck read browser test skipped] ${missing}`);

/**
 * The agent app reads a contact again at each change; one of those reads never gets its answer
 * (a proxy or a mobile network swallowed it). The page gives it up at its deadline and reads the
 * contact again: what the subscriber wrote meanwhile, and the agent's own reply, show up, without
 * an error. Between the browser and Griot, a small HTTP proxy that passes everything through (the
 * live stream too) except the one read of the contact it is told to hold: it keeps that
 * connection open and never answers.
 */
const APP_SECRET = 'whatsapp-stuck-read-secret';
const WA_ID = '2290197000042';
const sender = { phoneNumberId: DEMO_WHATSAPP_PHONE_NUMBER_ID, waId: WA_ID, name: 'Koffi' };
const KEY = `whatsapp:${DEMO_WHATSAPP_PHONE_NUMBER_ID}:${WA_ID}`;
/** Longer than the deadline a held read waits for before it is given up. */
const poll = <T>(read: () => T | Promise<T>, timeout = 10_000) => expect.poll(read, { timeout, interval: 50 });

interface HoldingProxy {
  url: string;
  /** The next GET of a contact (not of its sub-resources) is held: accepted, never answered. */
  holdNextContactRead(): void;
  /** Reads of a contact held so far. */
  held(): number;
  close(): Promise<void>;
}

async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let armed = false;
  const heldResponses: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (armed && req.method === 'GET' && /^\/api\/agent\/contacts\/[^/?]+$/.test(req.url ?? '')) {
      armed = false;
      heldResponses.push(res);
      return;
    }
    const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNextContactRead: () => void (armed = true),
    held: () => heldResponses.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe.skipIf(missing !== null)('a read of the open conversation that never answers', { timeout: 90_000 }, () => {
  let graph: FakeGraphServer;
  let server: GriotServer;
  let proxy: HoldingProxy;
  let browser: Browser;
  let agent: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    graph = await startFakeGraphServer({ accessToken: 'stuck-read-graph-token' });
    server = await startGriot({
      demo: true,
      env: {
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'v',
        WHATSAPP_ACCESS_TOKEN: 'stuck-read-graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_GRAPH_VERSION: 'v21.0',
      },
    });
    proxy = await startHoldingProxy(server.url);
    const awa = await createUser(server, 'awa', ['agent']);
    browser = await launchChromium();
    agent = await signInAt(browser, proxy.url, awa, { timezoneId: 'Europe/Paris', viewport: { width: 1440, height: 900 }, pageErrors });
  }, 120_000);

  afterEach((context) => screenshotIfFailed(context, agent));

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    await graph?.close();
  });

  const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
  const waitsAt = async () => (await server.running.store.getSession(KEY, new Date().toISOString()))?.session.wait?.node;
  const detail = () => agent.locator('#inbox-detail');
  const sentToSubscriber = (text: string) => graph.sent().filter((r) => r.body.to === WA_ID && (r.body.text as { body?: string } | undefined)?.body === text).length;

  it('gives it up at its deadline and shows what the subscriber wrote meanwhile and the agent’s reply, once, without an error', async () => {
    // A WhatsApp subscriber asks for an agent; the agent takes the conversation.
    await send(wa.textMessage('Bonjour', sender));
    await poll(waitsAt).toBe('language');
    await send(wa.buttonReply('fr', 'Français', sender));
    await poll(waitsAt).toBe('mainMenu');
    await send(wa.textMessage('Je veux un conseiller', sender));
    await poll(waitsAt).toBe('handoff');
    const row = agent.locator(`#inbox-queues button.contact[data-caller="+${WA_ID}"]`);
    await row.click();
    await detail().getByRole('button', { name: 'Prendre', exact: true }).click();
    await poll(() => detail().locator('.status-line').innerText()).toContain('avec vous');

    // The subscriber writes: the page reads the conversation again, and that read is never answered.
    proxy.holdNextContactRead();
    await send(wa.textMessage('Allô ?', sender));
    await poll(() => proxy.held()).toBe(1);
    // Meanwhile the subscriber writes again and the agent replies: each asks for the conversation again.
    await send(wa.textMessage('Vous êtes là ?', sender));
    const reply = detail().getByLabel('Réponse');
    const text = 'Oui, je regarde votre dossier.';
    await reply.fill(text);
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('');
    await poll(() => sentToSubscriber(text)).toBe(1);

    // Once the held read is given up, one more read shows it all.
    const conversation = detail().getByRole('log');
    await poll(() => conversation.innerText(), READ_DEADLINE_MS + 15_000).toContain('Vous êtes là ?');
    await poll(() => detail().locator('.msg.agent', { hasText: text }).count()).toBe(1);
    expect(await conversation.innerText()).toContain('Allô ?');
    expect(sentToSubscriber(text)).toBe(1);
    expect(proxy.held()).toBe(1);
    expect(await agent.getByRole('alert').count()).toBe(0);

    // Later changes come as before: the reader is not stuck.
    await send(wa.textMessage('Merci !', sender));
    await poll(() => detail().locator('.msg.subscriber').last().innerText()).toContain('Merci !');
    expect(pageErrors).toEqual([]);
  });
});
