import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { Flow } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { createWhatsApp } from './createWhatsApp.ts';
import { readWhatsAppConfig } from './whatsappConfig.ts';
import { startFakeGraphServer, type FakeGraphServer } from './testing/fakeGraphServer.ts';
import { postWebhook } from './testing/postWebhook.ts';
import { signBody } from './testing/signBody.ts';
import { batch, buttonReply, editMessage, imageMessage, listReply, revokeMessage, statusUpdate, textMessage, unsupportedMessage, type Sender } from './testing/webhookFixtures.ts';
import { inboxIdOf, type ProcessedEvent, type WhatsAppChannel } from './WhatsAppChannel.ts';

const SECRET = 'test-app-secret';
const PHONE_ID = '100000000000001';
const WA_ID = '2290197000001';

interface Harness {
  url: string;
  graph: FakeGraphServer;
  port: InterpreterPort;
  ledger: MessagingLedger;
  channel: WhatsAppChannel;
  processed: ProcessedEvent[];
  idle: () => Promise<void>;
  send: (body: unknown) => Promise<Response>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface HarnessOptions {
  ledger?: MessagingLedger;
  backoffMs?: number;
  graph?: FakeGraphServer;
  port?: InterpreterPort;
  logger?: ChannelLogger;
}

async function harness(flow: Flow = menuFlow(3), env: Record<string, string> = {}, given: HarnessOptions = {}): Promise<Harness> {
  const graph = given.graph ?? (await startFakeGraphServer({ accessToken: 'graph-token' }));
  const port = given.port ?? new InterpreterPort({ [flow.id]: flow }).bind({ id: 'wa-demo', channel: 'whatsapp', address: PHONE_ID, flowId: flow.id });
  const ledger = given.ledger ?? new MemoryLedger();
  const processed: ProcessedEvent[] = [];
  const config = readWhatsAppConfig({
    WHATSAPP_VERIFY_TOKEN: 'verify-me',
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_ACCESS_TOKEN: 'graph-token',
    WHATSAPP_GRAPH_BASE_URL: graph.url,
    WHATSAPP_SEND_TIMEOUT_MS: '2000',
    ...env,
  });
  const { router, channel } = createWhatsApp({
    port,
    bindings: port,
    ledger,
    config,
    defaultInactivityMinutes: 30,
    onProcessed: (e) => processed.push(e),
    ...(given.logger ? { logger: given.logger } : {}),
    inbox: { backoff: { baseMs: given.backoffMs ?? 20, maxMs: given.backoffMs ?? 50, jitter: 0 } },
  });
  channel.start();
  const app = express().use(router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.close();
    await channel.close();
    if (!given.graph) await graph.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, graph, port, ledger, channel, processed, idle: () => channel.queue.idle(), send: (body) => postWebhook(url, body, SECRET) };
}

const sender: Sender = { phoneNumberId: PHONE_ID, waId: WA_ID };
const lastInteractive = (graph: FakeGraphServer) =>
  graph
    .sent()
    .filter((r) => r.body.type === 'interactive')
    .at(-1)?.body;

describe('WhatsApp webhook', () => {
  it('answers the verification handshake only with the right token', async () => {
    const { url } = await harness();
    const ok = await fetch(`${url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('refuses a missing or bad signature and processes nothing', async () => {
    const { url, port, idle } = await harness();
    const body = textMessage('Bonjour', sender);
    const unsigned = await fetch(`${url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    const forged = await postWebhook(url, body, SECRET, signBody('another-secret', JSON.stringify(body)));
    expect(forged.status).toBe(403);
    await idle();
    expect(port.calls).toEqual([]);
  });

  it('answers 200 at once, then sends the language buttons with the flow option ids', async () => {
    const { send, graph } = await harness();
    const response = await send(textMessage('Bonjour', sender));
    expect(response.status).toBe(200);
    const [request] = await graph.waitForSent(1);
    expect(request).toMatchObject({ version: 'v21.0', phoneNumberId: PHONE_ID, authorization: 'Bearer graph-token' });
    expect(request!.body).toMatchObject({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: WA_ID,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pour le français, tapez 1.\n\nFor English, press 2.' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'fr', title: 'Français' } },
            { type: 'reply', reply: { id: 'en', title: 'English' } },
          ],
        },
      },
    });
    expect(request!.body.biz_opaque_callback_data).toMatch(/^wamid\..+:0$/);
  });

  it('takes a button reply as a choice, and typing the key or a synonym works too', async () => {
    const { send, graph, idle } = await harness();
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fr', 'Français', sender));
    await idle();
    expect(lastInteractive(graph).interactive.action.buttons.map((b: any) => b.reply.id)).toEqual(['opt1', 'opt2', 'agent']);
    await send(textMessage('crédit', sender));
    await idle();
    // The answer and the menu that follows go as one message: the answer opens the menu's body.
    expect(lastInteractive(graph).interactive.body.text).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?');
  });

  it('sends a 7-option menu as a list and a 12-option menu as numbered text', async () => {
    const seven = await harness(menuFlow(7));
    await seven.send(textMessage('Bonjour', sender));
    await seven.send(buttonReply('fr', 'Français', sender));
    await seven.idle();
    const list = lastInteractive(seven.graph);
    expect(list.interactive.type).toBe('list');
    expect(list.interactive.action.button).toBe('Choisir');
    expect(list.interactive.action.sections[0].rows).toHaveLength(7);
    await seven.send(listReply('opt1', 'Solde', undefined, sender));
    await seven.idle();
    expect(lastInteractive(seven.graph).interactive.body.text).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?');

    const twelve = await harness(menuFlow(12));
    await twelve.send(textMessage('Bonjour', sender));
    await twelve.send(buttonReply('fr', 'Français', sender));
    await twelve.idle();
    const numbered = twelve.graph.sent().at(-1)!.body;
    expect(numbered.type).toBe('text');
    expect(numbered.text.body).toContain('1. Solde\n2. Code PUK\n3. Conseiller');
    expect(numbered.text.body).toContain('0. Réclamation');
    await twelve.send(textMessage('2', sender));
    await twelve.idle();
    expect(twelve.graph.sent().some((r) => r.body.text?.body?.startsWith('Vous avez choisi Code PUK.'))).toBe(true);
  });

  it('reads number words in the subscriber’s language: in Fon « un » (I) picks nothing, « wè » picks option 2', async () => {
    // The test flow with Fon where English was: a subscriber who chose Fon reads its texts.
    const fon = Flow.parse(
      JSON.parse(JSON.stringify(menuFlow(3)).replaceAll('"en":', '"fon":').replace('"code":"en","name":"English"', '"code":"fon","name":"Fɔngbè"').replace('"locale":"en"', '"locale":"fon"')),
    );
    const { send, graph, idle } = await harness(fon);
    const shown = () => {
      const body = graph.sent().at(-1)!.body;
      return body.type === 'text' ? body.text.body : body.interactive.body.text;
    };
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fon', 'Fɔngbè', sender));
    await idle();
    expect(shown()).toBe('What would you like to do?');
    await send(textMessage('un', sender));
    await idle();
    // Asked again, not answered as if option 1 had been chosen.
    expect(shown()).toBe('What would you like to do?');
    await send(textMessage('Wè', sender));
    await idle();
    expect(shown()).toBe('You chose Option 2.\n\nWhat would you like to do?');
  });

  it('takes * and # typed back from a numbered menu that lists them', async () => {
    const twelve = await harness(menuFlow(12));
    await twelve.send(textMessage('Bonjour', sender));
    await twelve.send(buttonReply('fr', 'Français', sender));
    await twelve.idle();
    const numbered = twelve.graph.sent().at(-1)!.body;
    expect(numbered.text.body).toContain('*. Fidélité\n#. Boutiques');
    await twelve.send(textMessage('*', sender));
    await twelve.idle();
    expect(twelve.graph.sent().at(-1)!.body.text.body).toMatch(/^Vous avez choisi Fidélité\./);
    await twelve.send(textMessage('#', sender));
    await twelve.idle();
    expect(twelve.graph.sent().at(-1)!.body.text.body).toMatch(/^Vous avez choisi Boutiques\./);
  });

  it('answers nothing when the subscriber edits or deletes a message, where it said « je ne peux lire que du texte »', async () => {
    const { send, graph, idle, port } = await harness();
    await send(textMessage('Bonjour', sender));
    await send(textMessage('1', { ...sender, id: 'wamid.TYPED' }));
    await idle();
    const before = graph.sent().length;
    const turns = port.calls.length;
    for (const body of [editMessage('wamid.TYPED', '2', sender), revokeMessage('wamid.TYPED', sender), unsupportedMessage('edit', sender), unsupportedMessage('revoke', sender)]) {
      expect((await send(body)).status).toBe(200);
    }
    await idle();
    expect(graph.sent().length).toBe(before);
    expect(port.calls.length).toBe(turns);
    // The conversation goes on where it was.
    await send(textMessage('1', sender));
    await idle();
    expect(graph.sent().at(-1)!.body.interactive.body.text).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?');
  });

  it('leaves a group’s messages alone (a member is not drawn into a private menu by what they write to the group), and still answers the member in private', async () => {
    const { send, graph, idle, port } = await harness();
    const inGroup = textMessage('1', sender);
    (inGroup.entry[0]!.changes[0]!.value as unknown as { messages: Record<string, unknown>[] }).messages[0]!.group_id = 'Y2FwaV9ncm91cDpFWEFNUExFX0dST1VQX0lE';
    expect((await send(inGroup)).status).toBe(200);
    await idle();
    expect(graph.sent()).toEqual([]);
    expect(port.calls).toEqual([]);
    await send(textMessage('Bonjour', sender));
    await idle();
    expect(graph.sent().map((r) => r.body.to)).toEqual([WA_ID]);
  });

  it('processes a re-delivered message once', async () => {
    const { send, graph, idle, port } = await harness();
    await send(textMessage('Bonjour', sender));
    const choice = buttonReply('fr', 'Français', { ...sender, id: 'wamid.SAME' });
    await send(choice);
    await send(choice);
    await idle();
    expect(port.calls.filter((c) => c.op === 'handle' && c.event?.type === 'choice')).toHaveLength(1);
    expect(graph.sent()).toHaveLength(2);
  });

  it('answers 200 and every subscriber of a batch when one message is dated past what a date can hold (was 503: Meta re-delivered them all)', async () => {
    const { send, graph, idle } = await harness();
    // Timestamp digits Meta's schema allows; times 1,000 they are no JavaScript date.
    const body = batch(
      textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: '2290197000001', id: 'wamid.FAR', timestamp: 99_999_999_999_999 }),
      textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: '2290197000002', id: 'wamid.NOW' }),
    );
    const response = await send(body);
    expect(response.status).toBe(200);
    await idle();
    expect(
      graph
        .sent()
        .map((r) => r.body.to)
        .sort(),
    ).toEqual(['2290197000001', '2290197000002']);
  });

  it('keeps each subscriber’s messages in order', async () => {
    const { send, idle, port } = await harness();
    await Promise.all([send(textMessage('Bonjour', sender))]);
    await Promise.all([send(buttonReply('fr', 'Français', sender)), send(textMessage('1', sender)).then(() => undefined)]);
    await idle();
    const events = port.calls.filter((c) => c.op === 'handle').map((c) => c.event);
    expect(events.slice(-2)).toEqual([
      { type: 'choice', option: 'fr' },
      { type: 'text', text: '1' },
    ]);
  });

  it('answers a picture politely in a live conversation', async () => {
    const { send, graph, idle } = await harness();
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fr', 'Français', sender));
    await send(imageMessage(sender));
    await idle();
    expect(graph.sent().at(-1)!.body.text.body).toMatch(/^Désolé, je ne peux lire que du texte/);
  });

  it('outside the 24-hour window sends only the configured template, or nothing', async () => {
    const old = Math.floor(Date.now() / 1000) - 25 * 3600;
    const withTemplate = await harness(menuFlow(3), { WHATSAPP_TEMPLATE_NAME: 'griot_reprise', WHATSAPP_TEMPLATE_LANGUAGE: 'fr' });
    await withTemplate.send(textMessage('Bonjour', { ...sender, timestamp: old }));
    await withTemplate.idle();
    expect(withTemplate.graph.sent().map((r) => r.body.type)).toEqual(['template']);
    expect(withTemplate.graph.sent()[0]!.body.template).toEqual({ name: 'griot_reprise', language: { code: 'fr' } });

    const without = await harness();
    await without.send(textMessage('Bonjour', { ...sender, timestamp: old }));
    await without.idle();
    expect(without.graph.requests).toHaveLength(0);
    expect(without.processed[0]?.report?.outcome).toBe('skipped');
  });

  it('records statuses that arrive out of order', async () => {
    // Statuses are recorded after the 200: wait until all three were (a fixed pause may be too short on a loaded machine).
    const memory = new MemoryLedger();
    let recorded = 0;
    const ledger: MessagingLedger = Object.assign(Object.create(memory) as MessagingLedger, {
      recordStatus: (report: Parameters<MessagingLedger['recordStatus']>[0]) => memory.recordStatus(report).finally(() => (recorded += 1)),
    });
    const { send } = await harness(menuFlow(3), {}, { ledger });
    for (const status of ['read', 'sent', 'delivered'] as const) {
      expect((await send(statusUpdate({ id: 'wamid.OUT1', status, callbackData: 'wamid.IN:0' }, sender))).status).toBe(200);
    }
    await expect.poll(() => recorded, { timeout: 30_000 }).toBe(3);
    expect(await ledger.getStatus('wamid.OUT1')).toMatchObject({ status: 'read', outboundKey: 'wamid.IN:0' });
  });

  it('logs an undelivered reply by refs, never the wamids that encode the subscriber’s number', async () => {
    const lines: string[] = [];
    const record = (details: object, message?: string) => lines.push(JSON.stringify([details, message]));
    // As Meta writes them: base64 of a small protobuf holding the number.
    const wamid = (random: string) => `wamid.${Buffer.from(`\x1c\x18\x0d${WA_ID}\x15\x02\x00\x12\x18\x14${random}`).toString('base64')}`;
    const [out, answered] = [wamid('3A6B0F2C9D1E4A7B8C5D'), wamid('3A11223344556677889')];
    const { send, ledger } = await harness(menuFlow(3), {}, { logger: { info: record, warn: record, error: record, debug: record } });
    expect((await send(statusUpdate({ id: out, status: 'failed', callbackData: `${answered}:0` }, sender))).status).toBe(200);
    await expect.poll(async () => (await ledger.getStatus(out))?.status, { timeout: 5_000 }).toBe('failed');
    await expect.poll(() => lines.some((line) => line.includes('WhatsApp reports a message undelivered')), { timeout: 5_000 }).toBe(true);
    for (const id of [out, answered]) expect(lines.join('\n')).not.toContain(id.slice('wamid.'.length, 'wamid.'.length + 16));
    expect(lines.join('\n')).not.toContain(WA_ID);
  });

  it('does not send a message twice when Graph stalls past the timeout', async () => {
    const { send, graph, idle, ledger } = await harness(menuFlow(3), { WHATSAPP_SEND_TIMEOUT_MS: '150' });
    graph.failNext({ delayMs: 400 });
    await send(textMessage('Bonjour', { ...sender, id: 'wamid.SLOW' }));
    await idle();
    await new Promise((r) => setTimeout(r, 450));
    expect(graph.requests).toHaveLength(1);
    expect(await ledger.getOutbound('wamid.SLOW:0')).toMatchObject({ state: 'uncertain', attempts: 1 });
    // Meta's report for it arrives: the send is confirmed, still never repeated.
    await send(statusUpdate({ id: 'wamid.LATE', status: 'sent', callbackData: 'wamid.SLOW:0' }, sender));
    await expect.poll(async () => (await ledger.getOutbound('wamid.SLOW:0'))?.state).toBe('sent');
    expect(await ledger.getOutbound('wamid.SLOW:0')).toMatchObject({ platformId: 'wamid.LATE' });
    expect(graph.requests).toHaveLength(1);
  });
});

describe('WhatsApp inbox: what Meta had its 200 for is answered', () => {
  it('records the messages before answering 200, and answers 503 (Meta re-delivers) when it cannot', async () => {
    const memory = new MemoryLedger();
    let storeDown = true;
    const ledger: MessagingLedger = Object.assign(Object.create(memory) as MessagingLedger, {
      recordInbound: (messages: Parameters<MessagingLedger['recordInbound']>[0]) => (storeDown ? Promise.reject(new Error('store unavailable')) : memory.recordInbound(messages)),
    });
    const { send, graph, port, idle } = await harness(menuFlow(3), {}, { ledger });
    const hello = textMessage('Bonjour', { ...sender, id: 'wamid.DOWN' });
    const refused = await send(hello);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    await idle();
    expect(port.calls).toEqual([]);
    storeDown = false;
    expect((await send(hello)).status).toBe(200);
    expect(await memory.listInbound({ states: ['received', 'processed'], limit: 10 })).toEqual([expect.objectContaining({ id: 'whatsapp:wamid.DOWN' })]);
    await graph.waitForSent(1);
  });

  it('processes at start-up what a process that died had acknowledged', async () => {
    const ledger = new MemoryLedger();
    const [message] = (await import('./parseWebhook.ts')).parseWebhook(textMessage('Bonjour', { ...sender, id: 'wamid.ORPHAN' })).messages;
    // The dead process recorded it (its lease has lapsed) and never processed it.
    await ledger.recordInbound([
      {
        id: inboxIdOf(message!),
        channel: 'whatsapp',
        conversationKey: `whatsapp:${message!.conversation}`,
        payload: message as never,
        receivedAt: new Date().toISOString(),
        lease: { owner: 'dead', until: new Date(Date.now() - 1).toISOString() },
      },
    ]);
    const { graph } = await harness(menuFlow(3), {}, { ledger });
    const [reply] = await graph.waitForSent(1);
    expect(reply!.body).toMatchObject({ to: WA_ID, biz_opaque_callback_data: 'wamid.ORPHAN:0', interactive: { type: 'button' } });
    await expect.poll(async () => (await ledger.listInbound({ states: ['processed'], limit: 1 })).map((r) => r.id)).toEqual(['whatsapp:wamid.ORPHAN']);
  });

  it('answers a re-delivery of a message still being processed once, not twice and not zero times', async () => {
    const { send, graph, idle } = await harness();
    graph.setLatency(60_000);
    const hello = textMessage('Bonjour', { ...sender, id: 'wamid.AGAIN' });
    expect((await send(hello)).status).toBe(200);
    await expect.poll(() => graph.count.received).toBe(1);
    expect((await send(hello)).status).toBe(200);
    graph.setLatency(0);
    await idle();
    await new Promise((r) => setTimeout(r, 50));
    expect(graph.sent().map((r) => r.body.biz_opaque_callback_data)).toEqual(['wamid.AGAIN:0']);
  });

  it('tries a failing turn again and keeps the subscriber’s order meanwhile', async () => {
    const { send, graph, idle, port, ledger } = await harness();
    const handle = port.handle.bind(port);
    let failures = 2;
    port.handle = async (key, event) => {
      if (event.type === 'choice' && failures-- > 0) throw new Error('store unavailable');
      return handle(key, event);
    };
    await send(textMessage('Bonjour', sender));
    await send(buttonReply('fr', 'Français', { ...sender, id: 'wamid.FLAKY' }));
    await send(textMessage('crédit', sender));
    await idle();
    const events = port.calls.filter((c) => c.op === 'handle').map((c) => c.event);
    expect(events).toEqual([
      { type: 'text', text: 'Bonjour' },
      { type: 'choice', option: 'fr' },
      { type: 'text', text: 'crédit' },
    ]);
    expect(failures).toBe(-1);
    expect(lastInteractive(graph).interactive.body.text).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?');
    expect(await ledger.listInbound({ states: ['failed'], limit: 10 })).toEqual([]);
  });

  it('gives up on a poison message after the attempts allowed: the subscriber is told, operations see it, the next message goes on', async () => {
    const { send, graph, idle, port, ledger, processed } = await harness(menuFlow(3), { WHATSAPP_MAX_ATTEMPTS: '3' });
    const handle = port.handle.bind(port);
    let attempts = 0;
    port.handle = async (key, event) => {
      if (event.type === 'text' && event.text === 'boom') {
        attempts += 1;
        throw new Error('the flow cannot read this');
      }
      return handle(key, event);
    };
    await send(textMessage('Bonjour', sender));
    await send(textMessage('boom', { ...sender, id: 'wamid.POISON' }));
    await send(buttonReply('fr', 'Français', sender));
    await idle();
    expect(attempts).toBe(3);
    const texts = graph.sent().map((r) => r.body.text?.body ?? r.body.interactive?.body?.text);
    expect(texts[1]).toMatch(/problème technique/i);
    expect(lastInteractive(graph).interactive.action.buttons.map((b: any) => b.reply.id)).toEqual(['opt1', 'opt2', 'agent']);
    expect(await ledger.listInbound({ states: ['failed'], limit: 10 })).toEqual([
      expect.objectContaining({ id: 'whatsapp:wamid.POISON', state: 'failed', attempts: 3, lastError: expect.stringMatching(/technical problem/) }),
    ]);
    expect(processed.map((p) => p.outcome)).toContain('error');
  });

  it('on a graceful stop, lets a message waiting to be tried again go at once, for the next process', async () => {
    const { send, port, ledger, channel } = await harness(menuFlow(3), {}, { backoffMs: 10_000 });
    let attempts = 0;
    port.start = async () => {
      attempts += 1;
      throw new Error('store unavailable');
    };
    await send(textMessage('Bonjour', { ...sender, id: 'wamid.STOPPING' }));
    await expect.poll(() => attempts).toBe(1);
    // Resolves without waiting out the 10-second backoff (the test's own time limit is 5 s).
    await channel.close();
    const due = await ledger.dueInbound(new Date().toISOString(), 10);
    expect(due.map((r) => [r.id, r.lastError])).toEqual([['whatsapp:wamid.STOPPING', 'store unavailable']]);
  });

  it('never sends twice a reply that was under way when its process stopped', async () => {
    const ledger = new MemoryLedger();
    const { graph: slowGraph, channel, send } = await harness(menuFlow(3), {}, { ledger });
    slowGraph.setLatency(60_000);
    expect((await send(textMessage('Bonjour', { ...sender, id: 'wamid.UNDERWAY' }))).status).toBe(200);
    await expect.poll(() => slowGraph.count.received).toBe(1);
    // The process "dies": its lease lapses without the message being settled.
    await ledger.renewLeases(channel.inbox.owner, ['whatsapp:wamid.UNDERWAY'], new Date(Date.now() - 1).toISOString());
    const next = await harness(menuFlow(3), {}, { ledger, graph: slowGraph });
    await next.channel.inbox.recover();
    slowGraph.setLatency(0);
    await next.idle();
    await expect.poll(async () => (await ledger.listInbound({ states: ['processed'], limit: 1 })).length).toBe(1);
    expect(slowGraph.requests.map((r) => r.body.biz_opaque_callback_data)).toEqual(['wamid.UNDERWAY:0']);
  });
});

describe('WhatsApp inbox: a turn run before a crash', () => {
  it('sends the replies the dead process had planned and not sent, without running the turn again', async () => {
    const ledger = new MemoryLedger();
    const [message] = (await import('./parseWebhook.ts')).parseWebhook(textMessage('Bonjour', { ...sender, id: 'wamid.PLANNED' })).messages;
    await ledger.recordInbound([
      {
        id: inboxIdOf(message!),
        channel: 'whatsapp',
        conversationKey: `whatsapp:${message!.conversation}`,
        payload: message as never,
        receivedAt: new Date().toISOString(),
        lease: { owner: 'dead', until: new Date(Date.now() + 60_000).toISOString() },
      },
    ]);
    await ledger.takeInbound(inboxIdOf(message!), { owner: 'dead', until: new Date(Date.now() + 60_000).toISOString() }, new Date().toISOString());
    await ledger.holdInbound(
      inboxIdOf(message!),
      { owner: 'dead', until: new Date(Date.now() - 1).toISOString() },
      {
        progress: { outcome: 'turn', messages: [{ type: 'text', text: { body: 'Réponse déjà calculée', preview_url: false } }] },
      },
    );
    const { graph, port, idle } = await harness(menuFlow(3), {}, { ledger });
    await graph.waitForSent(1);
    await idle();
    expect(graph.sent().map((r) => [r.body.biz_opaque_callback_data, r.body.text.body])).toEqual([['wamid.PLANNED:0', 'Réponse déjà calculée']]);
    expect(port.calls).toEqual([]);
  });
});

describe('WhatsApp users who hide their number behind a username', () => {
  const USER_ID = 'BJ.1349120865530274';

  it('answers every message of a batch: two subscribers by number, one by user id (to its recipient field)', async () => {
    const { send, graph, idle, port } = await harness();
    const body = batch(
      textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: '2290197000001', userId: 'BJ.1111111111', id: 'wamid.ONE' }),
      textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: null, userId: USER_ID, username: '@afiavi', id: 'wamid.HIDDEN' }),
      textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: '2290197000002', id: 'wamid.TWO' }),
    );
    expect((await send(body)).status).toBe(200);
    await idle();
    const sent = graph.sent().map((r) => r.body);
    expect(sent.map((b) => [b.biz_opaque_callback_data, b.to, b.recipient, b.recipient_type])).toEqual([
      ['wamid.ONE:0', '2290197000001', undefined, 'individual'],
      ['wamid.HIDDEN:0', undefined, USER_ID, 'individual'],
      ['wamid.TWO:0', '2290197000002', undefined, 'individual'],
    ]);
    expect(graph.requests.every((r) => r.status === 200)).toBe(true);
    // The username-only subscriber has a conversation keyed by their user id, no number as caller.
    const started = port.calls.filter((c) => c.op === 'start').map((c) => c.key);
    expect(started).toEqual([`whatsapp:${PHONE_ID}:2290197000001`, `whatsapp:${PHONE_ID}:${USER_ID}`, `whatsapp:${PHONE_ID}:2290197000002`]);
    expect(port.sessions.get(`whatsapp:${PHONE_ID}:${USER_ID}`)?.caller.number).toBe(USER_ID);
  });

  it('sends an agent’s words to a user id through recipient', async () => {
    const { channel, graph, send, idle } = await harness();
    await send(textMessage('Bonjour', { phoneNumberId: PHONE_ID, waId: null, userId: USER_ID }));
    await idle();
    await channel.sendOutOfTurn(`whatsapp:${PHONE_ID}:${USER_ID}`, { text: 'Bonjour, ici Awa.' }, 'agent:1');
    expect(graph.sent().at(-1)!.body).toMatchObject({ recipient: USER_ID, text: { body: 'Bonjour, ici Awa.' } });
    expect(graph.sent().at(-1)!.body).not.toHaveProperty('to');
  });
});

describe('WhatsApp: each subscriber has a fair share of the queue', () => {
  const flooder: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000666' };
  const toNumber = (graph: FakeGraphServer, waId: string) => graph.requests.filter((r) => r.body.to === waId);

  it('refuses a subscriber past their share (503: Meta re-delivers) while another still gets in', async () => {
    const h = await harness(menuFlow(3), { WHATSAPP_MAX_PENDING: '5', WHATSAPP_MAX_PENDING_PER_SENDER: '3' });
    // Graph holds every reply: the flooder's first message stays in processing, the next ones wait behind it.
    h.graph.setLatency(60_000);
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) answers.push((await h.send(textMessage(`boucle ${i}`, flooder))).status);
    expect(answers).toEqual([200, 200, 200, 503, 503, 503, 503, 503]);
    const refused = await h.send(textMessage('encore', flooder));
    expect([refused.status, refused.headers.get('retry-after'), ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([503, '5', 'busy']);
    expect((await h.send(textMessage('Bonjour', sender))).status).toBe(200);
    // The other subscriber's turn ran and its reply went to Graph, the flood notwithstanding.
    await expect.poll(() => toNumber(h.graph, WA_ID).length).toBe(1);
    h.graph.setLatency(0);
    await h.idle();
    expect(h.processed.filter((e) => e.message.from === flooder.waId)).toHaveLength(3);
  });

  it('records the other subscribers’ messages of a webhook whose one sender is over their share, answers 503, and answers nothing twice on the re-delivery', async () => {
    const h = await harness(menuFlow(3), { WHATSAPP_MAX_PENDING_PER_SENDER: '2' });
    h.graph.setLatency(60_000);
    expect([(await h.send(textMessage('boucle 1', flooder))).status, (await h.send(textMessage('boucle 2', flooder))).status]).toEqual([200, 200]);
    const mixed = batch(textMessage('boucle 3', flooder), textMessage('Bonjour', sender));
    expect((await h.send(mixed)).status).toBe(503);
    await expect.poll(() => toNumber(h.graph, WA_ID).length).toBe(1);
    h.graph.setLatency(0);
    await h.idle();
    // Meta delivers the same body again: the flooder's message now has room, the other's was recorded already.
    expect((await h.send(mixed)).status).toBe(200);
    await h.idle();
    expect(toNumber(h.graph, WA_ID)).toHaveLength(1);
    expect(h.processed.filter((e) => e.message.from === flooder.waId).map((e) => (e.message.content as { event: { text?: string } }).event.text)).toEqual(['boucle 1', 'boucle 2', 'boucle 3']);
  });
});
