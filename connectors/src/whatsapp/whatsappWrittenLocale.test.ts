import express from 'express';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { createWhatsApp } from './createWhatsApp.ts';
import { readWhatsAppConfig } from './whatsappConfig.ts';
import { whatsappReplies } from './whatsappReplies.ts';
import { startFakeGraphServer } from './testing/fakeGraphServer.ts';
import { postWebhook } from './testing/postWebhook.ts';
import { buttonReply, textMessage, unsupportedMessage, type Sender } from './testing/webhookFixtures.ts';

/**
 * A Fon-speaking subscriber (Fon has no written texts) on the bundled 1919 flow, whose default
 * language is French: the replies made outside the flow's own turn (an unreadable message, a
 * technical problem, the turn after an agent hands back) are in French, as the menus, never English.
 */
const SECRET = 'test-app-secret';
const PHONE_ID = '100000000000001';
const FLOW = Flow.parse(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness() {
  const graph = await startFakeGraphServer({ accessToken: 'graph-token' });
  const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'wa-demo', channel: 'whatsapp', address: PHONE_ID, flowId: FLOW.id, environment: 'production' } as never);
  const { router, channel } = createWhatsApp({
    port,
    bindings: port,
    ledger: new MemoryLedger(),
    config: readWhatsAppConfig({ WHATSAPP_APP_SECRET: SECRET, WHATSAPP_ACCESS_TOKEN: 'graph-token', WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_SEND_TIMEOUT_MS: '2000' }),
    defaultInactivityMinutes: 30,
    inbox: { backoff: { baseMs: 5, maxMs: 10, jitter: 0 } },
  });
  channel.start();
  const server: Server = await new Promise((resolve) => {
    const s = express()
      .use(router)
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.close();
    await channel.close();
    await graph.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = async (body: unknown) => {
    expect((await postWebhook(url, body, SECRET)).status).toBe(200);
    await channel.queue.idle();
  };
  /** The texts and interactive bodies the subscriber's phone shows from `from` on. */
  const shown = (from: number) =>
    graph
      .sent()
      .slice(from)
      .map((r) => (r.body.type === 'text' ? (r.body.text.body as string) : r.body.type === 'interactive' ? (r.body.interactive.body.text as string) : r.body.type));
  return { graph, port, channel, send, shown };
}

describe('WhatsApp: a Fon subscriber’s replies outside the flow’s turn', () => {
  it('says it cannot read a message in the flow’s default language (French), not English', async () => {
    const { graph, send, shown } = await harness();
    const sender: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000001' };
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fon', 'Fon', sender));
    const before = graph.sent().length;
    await send(unsupportedMessage('poll_update', sender));
    expect(shown(before)).toEqual(['Désolé, je ne peux lire que du texte. Répondez par un message écrit ou avec les boutons.']);
  }, 60_000);

  it('tells of a technical problem in French', async () => {
    const { graph, port, channel, send, shown } = await harness();
    const sender: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000002' };
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fon', 'Fon', sender));
    const before = graph.sent().length;
    port.handle = async () => {
      throw new Error('the engine is down');
    };
    await send(textMessage('1', sender));
    await expect.poll(() => shown(before), { timeout: 20_000 }).toEqual(['Désolé, un problème technique nous empêche de vous répondre. Réessayez dans quelques minutes.']);
    await channel.queue.idle();
  }, 60_000);

  it('sends the flow’s turn after an agent hands back with its menu labelled in French', async () => {
    const { graph, port, channel, send, shown } = await harness();
    const sender: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000003' };
    await send(textMessage('Bonjour', sender));
    const key = `whatsapp:${PHONE_ID}:${sender.waId}`;
    // The turn the flow makes once the subscriber chose Fon, delivered as a release would.
    const turn = await port.handle(key, { type: 'choice', option: 'fon' });
    const before = graph.sent().length;
    await whatsappReplies(() => channel).sendBotTurn({ sessionKey: key } as never, { effects: turn.effects ?? [], session: { flowId: FLOW.id, turns: 9 }, flow: FLOW });
    const replies = shown(before);
    expect(replies).toContain('Choisissez une option :');
    expect(JSON.stringify(replies)).not.toMatch(/Choose an option/);
  }, 60_000);
});
