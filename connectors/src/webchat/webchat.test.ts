import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import type { ChannelRateLimits } from '../channel/ChannelRateLimits.ts';
import { readWebchatLimits } from './webchatLimits.ts';
import { webchatRouter } from './webchatRouter.ts';

// Message ids as the page makes them: random UUIDs.
const M1 = '3f1c2a9e-7b4d-4e21-9c3a-0d5e6f7a8b91';
const OPENING_1 = 'a4b5c6d7-e8f9-4a0b-8c1d-2e3f4a5b6c7d';
const OPENING_2 = 'b1c2d3e4-f5a6-4b7c-9d8e-0f1a2b3c4d5e';
const FLAKY = 'c9d8e7f6-a5b4-4c3d-a2e1-f0a9b8c7d6e5';

let server: Server;
let base: string;
let port: InterpreterPort;
beforeAll(async () => {
  const flow = menuFlow(3);
  const twelve = menuFlow(12, 'menu-twelve');
  port = new InterpreterPort({ [flow.id]: flow, [twelve.id]: twelve })
    .bind({ id: 'chat-demo', channel: 'webchat', address: 'chat-demo', flowId: flow.id })
    .bind({ id: 'chat-twelve', channel: 'webchat', address: 'chat-twelve', flowId: twelve.id })
    .bind({ id: 'wa-demo', channel: 'whatsapp', address: '100000000000001', flowId: flow.id });
  const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
  server = await new Promise((resolve) => {
    const s = express()
      .use(webchatRouter({ conversations, bindings: port }))
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

  it('processes a retried message once', async () => {
    const { body } = await chat({ open: true });
    const first = await chat({ conversationId: body.conversationId, option: 'fr', messageId: M1 });
    const retry = await chat({ conversationId: body.conversationId, option: 'fr', messageId: M1 });
    expect(first.body.replies.length).toBeGreaterThan(0);
    expect(retry.body.replies).toEqual([]);
  });

  it('keeps a retried first message in the conversation it opened, answered once', async () => {
    const starts = () => port.calls.filter((c) => c.op === 'start').length;
    const before = starts();
    const first = await chat({ open: true, messageId: OPENING_1 });
    const retry = await chat({ open: true, messageId: OPENING_1 });
    expect(retry.body.conversationId).toBe(first.body.conversationId);
    expect(first.body.replies.length).toBeGreaterThan(0);
    expect(retry.body.replies).toEqual([]);
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

describe('web chat limits at the door', () => {
  /** A router on its own port whose limits answer `take` as told; what the flow was asked is in `port.calls`. */
  async function limitedChat(take: ChannelRateLimits['take']) {
    const flow = menuFlow(3);
    const limited = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'chat-limited', channel: 'webchat', address: 'chat-limited', flowId: flow.id });
    const ledger = new MemoryLedger();
    const conversations = new MessagingConversations({ port: limited, bindings: limited, ledger, defaultInactivityMinutes: 30 });
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
