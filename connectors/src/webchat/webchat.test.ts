import express from 'express';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import type { ChannelRateLimits } from '../channel/ChannelRateLimits.ts';
import { readWebchatLimits } from './webchatLimits.ts';
import { webchatRouter } from './webchatRouter.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { WebchatOutbox } from './webchatOutbox.ts';
import { WebchatRendering } from './webchatRendering.ts';
import { webchatReplies } from './webchatReplies.ts';

// Message ids as the page makes them: random UUIDs.
const M1 = '3f1c2a9e-7b4d-4e21-9c3a-0d5e6f7a8b91';
const OPENING_1 = 'a4b5c6d7-e8f9-4a0b-8c1d-2e3f4a5b6c7d';
const OPENING_2 = 'b1c2d3e4-f5a6-4b7c-9d8e-0f1a2b3c4d5e';
const FLAKY = 'c9d8e7f6-a5b4-4c3d-a2e1-f0a9b8c7d6e5';

let server: Server;
let base: string;
let port: InterpreterPort;
let outbox: WebchatOutbox;
let conversations: MessagingConversations;
beforeAll(async () => {
  const flow = menuFlow(3);
  const twelve = menuFlow(12, 'menu-twelve');
  port = new InterpreterPort({ [flow.id]: flow, [twelve.id]: twelve })
    .bind({ id: 'chat-demo', channel: 'webchat', address: 'chat-demo', flowId: flow.id })
    .bind({ id: 'chat-twelve', channel: 'webchat', address: 'chat-twelve', flowId: twelve.id })
    .bind({ id: 'chat-short', channel: 'webchat', address: 'chat-short', flowId: flow.id, settings: { inactivityMinutes: 10 } })
    .bind({ id: 'wa-demo', channel: 'whatsapp', address: '100000000000001', flowId: flow.id });
  conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
  outbox = new WebchatOutbox({ states: new MemoryChannelStates() });
  server = await new Promise((resolve) => {
    const s = express()
      .use(webchatRouter({ conversations, bindings: port, outbox, waits: { perInstance: 3, perAddress: 3, perConversation: 1, seconds: 20 } }))
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const chat = async (body: unknown, binding = 'chat-demo') => {
  const response = await fetch(`${base}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

describe('web chat', () => {
  it('serves the page and its script for a web chat binding only', async () => {
    const page = await fetch(`${base}/chat/chat-demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/chat/assets/chat.js');
    expect((await fetch(`${base}/chat/assets/chat.js`)).status).toBe(200);
    expect((await fetch(`${base}/chat/wa-demo`)).status).toBe(404);
  });

  it('runs only its own script, and stays embeddable in the frame of another site', async () => {
    const page = await fetch(`${base}/chat/chat-demo`);
    const policy = page.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives).toMatchObject({ 'default-src': ["'self'"], 'object-src': ["'none'"], 'base-uri': ["'self'"], 'form-action': ["'self'"] });
    // Scripts fall back to default-src: the page's own file, nothing inline, no eval.
    expect(directives['script-src']).toBeUndefined();
    // Styles from its own sheet only: an injected <style> or style="…" does not apply.
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(await page.text()).toContain('<link rel="stylesheet" href="/chat/assets/chat.css">');
    const sheet = await fetch(`${base}/chat/assets/chat.css`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await sheet.text()).toContain('.bubble');
    // Any site by default (WEBCHAT_FRAME_ANCESTORS names the operator's own): see webchatFraming.test.ts.
    expect(directives['frame-ancestors']).toEqual(['*']);
    expect(page.headers.get('x-frame-options')).toBeNull();
  });

  it('runs the flow: buttons carry the option ids, and typing works too', async () => {
    const opened = await chat({ open: true });
    expect(opened.status).toBe(200);
    const { conversationId } = opened.body;
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened.body.replies[0]).toMatchObject({
      type: 'choice',
      presentation: 'buttons',
      options: [
        { id: 'fr', label: 'Français' },
        { id: 'en', label: 'English' },
      ],
    });
    const menu = await chat({ conversationId, option: 'fr' });
    expect(menu.body.replies.at(-1).options.map((o: any) => o.id)).toEqual(['opt1', 'opt2', 'agent']);
    const answer = await chat({ conversationId, text: 'solde' });
    expect(answer.body.replies[0]).toMatchObject({ type: 'choice', body: 'Vous avez choisi Solde.\n\nQue voulez-vous faire ?' });
  });

  it('takes * and # typed back from a numbered menu that lists them', async () => {
    const { conversationId } = (await chat({ open: true }, 'chat-twelve')).body;
    const menu = await chat({ conversationId, option: 'fr' }, 'chat-twelve');
    expect(menu.body.replies.at(-1)).toMatchObject({ type: 'text', text: expect.stringContaining('*. Fidélité\n#. Boutiques') });
    const star = await chat({ conversationId, text: '*' }, 'chat-twelve');
    expect(star.body.replies[0].text).toMatch(/^Vous avez choisi Fidélité\./);
    const hash = await chat({ conversationId, text: '#' }, 'chat-twelve');
    expect(hash.body.replies[0].text).toMatch(/^Vous avez choisi Boutiques\./);
  });

  it('processes a retried message once, and answers the retry with the same replies', async () => {
    const { body } = await chat({ open: true });
    const turns = () => port.calls.filter((c) => c.op === 'handle').length;
    const first = await chat({ conversationId: body.conversationId, option: 'fr', messageId: M1 });
    const before = turns();
    const retry = await chat({ conversationId: body.conversationId, option: 'fr', messageId: M1 });
    expect(first.body.replies.length).toBeGreaterThan(0);
    // The first answer was lost on the way: the page must not be left without the menu.
    expect(retry.body).toEqual(first.body);
    expect(turns()).toBe(before);
  });

  it('keeps a retried first message in the conversation it opened, answered once', async () => {
    const starts = () => port.calls.filter((c) => c.op === 'start').length;
    const before = starts();
    const first = await chat({ open: true, messageId: OPENING_1 });
    const retry = await chat({ open: true, messageId: OPENING_1 });
    expect(retry.body.conversationId).toBe(first.body.conversationId);
    expect(first.body.replies.length).toBeGreaterThan(0);
    expect(retry.body.replies).toEqual(first.body.replies);
    expect(starts()).toBe(before + 1);
    // Another page's first message opens another conversation.
    expect((await chat({ open: true, messageId: OPENING_2 })).body.conversationId).not.toBe(first.body.conversationId);
  });

  it('processes the retry of a message whose first try failed, instead of dropping it as a duplicate', async () => {
    const { body } = await chat({ open: true });
    const handle = port.handle;
    port.handle = async () => {
      throw new Error('store unavailable');
    };
    const failed = await chat({ conversationId: body.conversationId, option: 'fr', messageId: FLAKY });
    port.handle = handle;
    expect(failed.body.replies).toEqual([{ type: 'text', text: expect.stringMatching(/technical problem|problème technique/i) }]);
    const retry = await chat({ conversationId: body.conversationId, option: 'fr', messageId: FLAKY });
    expect(retry.body.replies.at(-1)).toMatchObject({ type: 'choice', options: [{ id: 'opt1' }, { id: 'opt2' }, { id: 'agent' }] });
  });

  it('refuses a message id that is not a random UUID: two visitors sending "1" would share a conversation', async () => {
    for (const messageId of ['m-open-1', '1', `${OPENING_1}x`]) {
      const refused = await chat({ open: true, messageId });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_request', field: 'messageId', message: expect.stringContaining('random UUID') });
    }
  });

  it('refuses a malformed request', async () => {
    expect((await chat({ text: 'a', option: 'b' })).status).toBe(400);
    expect((await chat({ conversationId: 'guessable', text: 'a' })).status).toBe(400);
    expect((await chat({ open: true }, 'nope')).status).toBe(404);
  });
});

describe('web chat: what comes outside the visitor’s requests', () => {
  const updates = async (body: unknown, binding = 'chat-demo') => {
    const response = await fetch(`${base}/chat/${binding}/updates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };
  const replies = webchatReplies(
    () => outbox,
    () => new WebchatRendering(),
  );
  const target = (conversationId: string) => ({ sessionKey: `webchat:chat-demo:${conversationId}`, channel: 'webchat' as const, callerNumber: conversationId, locale: 'fr' });

  it('gives a waiting page the agent’s reply as it is sent, then what it missed from the last id it has, each once', async () => {
    const { conversationId } = (await chat({ open: true })).body;
    expect(await updates({ conversationId, waitSeconds: 0 })).toMatchObject({ status: 200, body: { messages: [] } });
    // The page waits; the agent answers meanwhile.
    const waiting = updates({ conversationId, after: 0 });
    // Waiting: a second poll of the same conversation is turned away (one at a time here).
    await expect.poll(async () => (await updates({ conversationId })).status).toBe(429);
    await replies.sendAgentText(target(conversationId), 'Bonjour, je suis Awa.', 'awa', 'contact-1:m-1');
    const woke = await waiting;
    expect(woke.status).toBe(200);
    expect(woke.body.messages).toEqual([{ id: expect.any(String), seq: expect.any(Number), at: expect.any(String), replies: [{ type: 'text', text: 'Bonjour, je suis Awa.' }] }]);
    // The same reply sent again (the agent's retry, the recovery pass) is not shown twice.
    await replies.sendAgentText(target(conversationId), 'Bonjour, je suis Awa.', 'awa', 'contact-1:m-1');
    await replies.sendAgentText(target(conversationId), 'Votre forfait est réactivé.', 'awa', 'contact-1:m-2');
    const missed = await updates({ conversationId, after: woke.body.messages[0].seq });
    expect(missed.body.messages.map((m: any) => m.replies[0].text)).toEqual(['Votre forfait est réactivé.']);
    // A page that lost its place reads everything again, under the same ids.
    const all = await updates({ conversationId, after: 0 });
    expect(all.body.messages.map((m: any) => m.id)).toEqual([woke.body.messages[0].id, missed.body.messages[0].id]);
    // The page's own turns are not pushed to it again.
    expect(all.body.messages.flatMap((m: any) => m.replies).some((r: any) => r.type === 'choice')).toBe(false);
  });

  it('lets nobody read a conversation without its id: not another binding’s page, not a made-up id', async () => {
    const { conversationId } = (await chat({ open: true })).body;
    await replies.sendAgentText(target(conversationId), 'Votre code PUK est 12345678.', 'awa', 'contact-2:m-1');
    expect((await updates({ conversationId: 'b4a0e3c2-1d5f-4e6a-8b7c-9d0e1f2a3b4c', waitSeconds: 0 })).status).toBe(404);
    expect((await updates({ conversationId, waitSeconds: 0 }, 'chat-twelve')).status).toBe(404);
    expect((await updates({ conversationId, waitSeconds: 0 }, 'wa-demo')).status).toBe(404);
    for (const forged of [{ conversationId: 'guessable' }, { after: 0 }, { conversationId, after: -1 }, { conversationId, extra: 1 }]) {
      expect((await updates(forged)).status, JSON.stringify(forged)).toBe(400);
    }
  });

  it('keeps a bounded outbox per conversation: the last replies pushed, the last turns for retries', async () => {
    const small = new WebchatOutbox({ states: new MemoryChannelStates(), maxEntries: 3, maxTurns: 1 });
    for (const i of [1, 2, 3, 4, 5]) {
      await small.append('chat-demo:c', `agent:m-${i}`, 'push', [{ type: 'text', text: `réponse ${i}` }]);
      await small.append('chat-demo:c', `turn:t-${i}`, 'turn', [{ type: 'text', text: `tour ${i}` }]);
    }
    const kept = await small.after('chat-demo:c', 0);
    expect(kept?.entries.map((e) => (e.replies[0] as { text: string }).text)).toEqual(['réponse 3', 'réponse 4', 'réponse 5']);
    expect(await small.find('chat-demo:c', 'turn:t-4')).toBeNull();
    expect(await small.find('chat-demo:c', 'turn:t-5')).toMatchObject({ replies: [{ text: 'tour 5' }] });
  });

  it('gives the page an agent’s words and a sensitive prompt while the contact lives, and keeps neither past it', async () => {
    let now = Date.parse('2026-12-05T10:00:00Z');
    const states = new MemoryChannelStates(() => now);
    const live = new WebchatOutbox({ states, now: () => now, liveMinutes: 30 });
    const readAll = async () => JSON.stringify(await Promise.all(['webchat:outbox:chat-demo:c', 'webchat:live:chat-demo:c'].map((k) => states.get(k))));
    await live.append('chat-demo:c', 'agent:m-1', 'push', [{ type: 'text', text: 'Votre solde est de 23 500 FCFA.' }], false, []);
    await live.append('chat-demo:c', 'turn:t-1', 'turn', [{ type: 'text', text: 'Votre code PUK est : 12345678.' }], false, [{ type: 'text', text: 'Votre code PUK est : •••.' }]);
    // The page that comes back within the contact gets the words as sent; a retried message its answer.
    expect((await live.after('chat-demo:c', 0))?.entries.map((e) => e.replies)).toEqual([[{ type: 'text', text: 'Votre solde est de 23 500 FCFA.' }]]);
    expect((await live.find('chat-demo:c', 'turn:t-1'))?.replies).toEqual([{ type: 'text', text: 'Votre code PUK est : 12345678.' }]);
    // Past the inactivity timeout the contact is over: what is left is the masked form, nothing in clear.
    now += 31 * 60_000;
    expect((await live.after('chat-demo:c', 0))?.entries.map((e) => e.replies)).toEqual([[]]);
    expect((await live.find('chat-demo:c', 'turn:t-1'))?.replies).toEqual([{ type: 'text', text: 'Votre code PUK est : •••.' }]);
    expect(await readAll()).not.toMatch(/12345678|23 500/);

    // A turn that ends the conversation drops what it was told at once.
    await live.append('chat-demo:d', 'agent:m-2', 'push', [{ type: 'text', text: 'Votre code PUK est 87654321.' }], false, []);
    await live.append('chat-demo:d', 'release:s:4', 'push', [{ type: 'text', text: 'Au revoir.' }], true);
    expect(JSON.stringify(await Promise.all(['webchat:outbox:chat-demo:d', 'webchat:live:chat-demo:d'].map((k) => states.get(k))))).not.toContain('87654321');
    expect((await live.after('chat-demo:d', 0))?.entries.map((e) => e.replies)).toEqual([[], [{ type: 'text', text: 'Au revoir.' }]]);

    // Also when the turn that held the code has left the bounded outbox since.
    const small = new WebchatOutbox({ states, now: () => now, liveMinutes: 30, maxTurns: 1 });
    await small.append('chat-demo:e', 'turn:t-1', 'turn', [{ type: 'text', text: 'Votre code PUK est : 11223344.' }], false, [{ type: 'text', text: 'Votre code PUK est : •••.' }]);
    await small.append('chat-demo:e', 'turn:t-2', 'turn', [{ type: 'text', text: 'Autre chose ?' }]);
    expect(JSON.stringify(await states.get('webchat:live:chat-demo:e'))).toContain('11223344');
    await small.append('chat-demo:e', 'turn:t-3', 'turn', [{ type: 'text', text: 'Au revoir.' }], true);
    expect(await states.get('webchat:live:chat-demo:e')).toBeNull();
  });

  it('drops what the last contact was told in clear when the visitor starts a new one after the inactivity timeout', async () => {
    const { conversationId } = (await chat({ open: true }, 'chat-short')).body;
    const to = { sessionKey: `webchat:chat-short:${conversationId}`, channel: 'webchat' as const, callerNumber: conversationId, locale: 'fr' };
    await replies.sendAgentText(to, 'Votre solde est de 23 500 FCFA.', 'awa', 'contact-9:m-1');
    const agentWords = async () => (await outbox.after(`chat-short:${conversationId}`, 0))?.entries.map((e) => e.replies);
    expect(await agentWords()).toEqual([[{ type: 'text', text: 'Votre solde est de 23 500 FCFA.' }]]);
    // Eleven minutes later (the binding's timeout is ten) the visitor writes again: a new contact starts.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    try {
      expect((await chat({ conversationId, messageId: randomUUID(), text: 'bonjour' }, 'chat-short')).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(await agentWords()).toEqual([[]]);
  });

  it('bounds the pages waiting, per conversation and on this instance', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(async () => (await chat({ open: true })).body.conversationId as string));
    const first = updates({ conversationId: ids[0] });
    await expect.poll(async () => (await updates({ conversationId: ids[0] })).status).toBe(429);
    const others = [updates({ conversationId: ids[1] }), updates({ conversationId: ids[2] })];
    await expect.poll(async () => (await updates({ conversationId: ids[3] })).status).toBe(429);
    // Each waiting page is answered when its reply comes, and frees its place.
    for (const [i, id] of ids.slice(0, 3).entries()) await replies.sendAgentText(target(id), `réponse ${i}`, 'awa', `contact-3:${i}`);
    expect((await Promise.all([first, ...others])).map((r) => r.body.messages[0].replies[0].text)).toEqual(['réponse 0', 'réponse 1', 'réponse 2']);
    expect((await updates({ conversationId: ids[3], waitSeconds: 0 })).status).toBe(200);
  });

  it('bounds the pages waiting from one address, not another address’s', async () => {
    const strict = await new Promise<Server>((resolve) => {
      const s = express()
        .use(webchatRouter({ conversations, bindings: port, outbox, waits: { perInstance: 10, perAddress: 2, perConversation: 1, seconds: 20 } }))
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    const strictPort = (strict.address() as AddressInfo).port;
    /** A poll sent from a chosen loopback address (every 127/8 address is this machine on Linux). */
    const poll = (from: string, body: object) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = request({ host: '127.0.0.1', port: strictPort, path: '/chat/chat-demo/updates', method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        });
        req.on('error', reject);
        req.end(payload);
      });
    try {
      const ids = await Promise.all([1, 2, 3, 4].map(async () => (await chat({ open: true })).body.conversationId as string));
      const waiting = [poll('127.0.0.31', { conversationId: ids[0] }), poll('127.0.0.31', { conversationId: ids[1] })];
      await expect.poll(async () => (await poll('127.0.0.31', { conversationId: ids[2], waitSeconds: 1 })).body.limit).toBe('address');
      // Another address waits as it should.
      const elsewhere = poll('127.0.0.32', { conversationId: ids[3] });
      for (const [i, id] of ids.entries()) await replies.sendAgentText(target(id), `réponse ${i}`, 'awa', `contact-4:${i}`);
      expect((await Promise.all([...waiting, elsewhere])).map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      await new Promise<void>((resolve) => strict.close(() => resolve()));
    }
  });
});

describe('web chat limits at the door', () => {
  /** A router on its own port whose limits answer `take` as told; what the flow was asked is in `port.calls`. */
  async function limitedChat(take: ChannelRateLimits['take']) {
    const flow = menuFlow(3);
    const limited = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'chat-limited', channel: 'webchat', address: 'chat-limited', flowId: flow.id });
    const ledger = new MemoryLedger();
    conversations = new MessagingConversations({ port: limited, bindings: limited, ledger, defaultInactivityMinutes: 30 });
    const rates: ChannelRateLimits = { take, addressOf: (ip) => ip ?? 'unknown' };
    const app = express().use(webchatRouter({ conversations, bindings: limited, limits: { rates, budgets: readWebchatLimits({}) } }));
    const listening: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/chat/chat-limited/messages`;
    const send = async (body: unknown) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
    };
    return { send, port: limited, ledger, close: () => new Promise<void>((resolve) => listening.close(() => resolve())) };
  }

  it('refuses over a budget with 429 and Retry-After, and neither records the message nor runs the flow', async () => {
    const asked: string[][] = [];
    const chat = await limitedChat(async (budgets) => {
      asked.push(budgets.map((b) => b.name));
      return { budget: 'address/conversations', retryAfterSeconds: 42 };
    });
    try {
      const refused = await chat.send({ open: true, messageId: M1 });
      expect(refused).toMatchObject({ status: 429, retryAfter: '42', body: { error: { code: 'chat_throttled' }, limit: 'address/conversations', retryAfterSeconds: 42 } });
      expect(asked).toEqual([['address', 'address/conversations']]);
      expect(chat.port.calls).toEqual([]);
      expect(await chat.ledger.listInbound({ states: ['received', 'processed', 'failed'], limit: 10 })).toEqual([]);
    } finally {
      await chat.close();
    }
  });

  it('refuses with 503 when the limits cannot be counted, rather than letting the flood through', async () => {
    const chat = await limitedChat(async () => {
      throw new Error('store unavailable');
    });
    try {
      const refused = await chat.send({ open: true });
      expect(refused).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'chat_unavailable' } } });
      expect(chat.port.calls).toEqual([]);
    } finally {
      await chat.close();
    }
  });
});
