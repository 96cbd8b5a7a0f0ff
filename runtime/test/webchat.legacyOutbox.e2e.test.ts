import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestServer } from './helpers/testServer.ts';

/**
 * A web chat outbox an older Griot wrote (before the live part existed) keeps the replies as sent:
 * a PUK code the bot wrote, an agent's words. The first start of this version masks their codes
 * and amounts (a balance under a million), and leaves what is already kept masked as it is.
 */
describe('a web chat outbox written by an older version', () => {
  it('has its codes and amounts masked at the next start', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const at = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const key = 'webchat:outbox:b-1:conversation-1';
    const legacy = {
      next: 3,
      entries: [
        { id: 'e1', seq: 1, kind: 'turn', at, key: 'turn:m1', replies: [{ type: 'text', text: 'Votre code PUK est : 24 68 13 57.' }] },
        { id: 'e2', seq: 2, kind: 'push', at, key: 'agent:c1:r1', replies: [{ type: 'text', text: 'Awa : votre PUK est 80417263, votre solde 23 517 FCFA' }] },
        {
          id: 'e3',
          seq: 3,
          kind: 'turn',
          at,
          key: 'turn:m2',
          replies: [{ type: 'choice', presentation: 'buttons', body: 'Autre chose ?', options: [{ id: 'o1', key: '1', label: 'Oui' }], listButtonLabel: 'Choisir', node: 'more' }],
        },
      ],
    };
    expect(await first.store.channelStates.putChannelState({ key, value: legacy, expiresAt }, 0, at)).toBe(true);
    await first.stop({ keepData: true });

    const second = await startTestServer({ dataDir });
    try {
      const texts = async () => JSON.stringify((await second.store.channelStates.getChannelState(key, new Date().toISOString()))?.value);
      await expect.poll(texts, { timeout: 10_000, interval: 200 }).toContain('Votre code PUK est : •••.');
      const value = (await second.store.channelStates.getChannelState(key, new Date().toISOString()))!;
      expect(value.expiresAt).toBe(expiresAt);
      expect(value.value).toEqual({
        ...legacy,
        entries: [
          { ...legacy.entries[0], replies: [{ type: 'text', text: 'Votre code PUK est : •••.' }], v: 2 },
          { ...legacy.entries[1], replies: [{ type: 'text', text: 'Awa : votre PUK est •••, votre solde ••• FCFA' }], v: 2 },
          { ...legacy.entries[2], v: 2 },
        ],
      });
      const base = join(dataDir, 'griot.db');
      const holding = async () => {
        const found: string[] = [];
        for (const path of [base, `${base}-wal`]) if (existsSync(path) && (await readFile(path)).includes('80417263')) found.push(path);
        return found;
      };
      await expect.poll(holding, { timeout: 8000, interval: 250 }).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 30_000);

  it('is the only one masked: a retried message gets, after a restart, the numbers its prompt showed', async () => {
    const first = await startTestServer();
    expect((await first.admin.post('/api/flows', { document: numbersFlow })).status).toBe(201);
    expect((await first.admin.post(`/api/flows/${numbersFlow.id}/publish`, { message: 'v1' })).status).toBe(201);
    expect((await first.admin.post(`/api/flows/${numbersFlow.id}/environments/production`, { version: 1 })).status).toBe(200);
    const binding = (await first.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: numbersFlow.id, environment: 'production' })).body.id;
    const send = async (url: string, body: object) =>
      (await (await fetch(`${url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        conversationId: string;
        replies: unknown;
      };
    const messageId = randomUUID();
    const answer = await send(first.url, { messageId, open: true });
    expect(JSON.stringify(answer.replies)).toContain('4815162342');
    await first.stop({ keepData: true });

    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      // The start-up pass has run once it marked the store (it found this outbox, written by this
      // version), or once it rewrote the outbox (what a version masking every outbox did).
      const states = second.store.channelStates;
      const passed = async () =>
        (await states.getChannelState('webchat:legacyOutboxesMasked', new Date().toISOString())) !== null ||
        JSON.stringify((await states.getChannelState(`webchat:outbox:${binding}:${answer.conversationId}`, new Date().toISOString()))?.value).includes('•••');
      await expect.poll(passed, { timeout: 10_000, interval: 200 }).toBe(true);
      const retried = await send(second.url, { messageId, open: true, conversationId: answer.conversationId });
      expect(retried.replies).toEqual(answer.replies);
    } finally {
      await second.stop();
    }
  }, 30_000);
});

/** A normal prompt with a phone number and an order number: nothing sensitive in it. */
const numbersFlow = {
  schemaVersion: 2,
  id: 'wc-numbers',
  name: 'numbers',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [{ name: 'x', type: 'string' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'ask', type: 'input', kind: 'text', variable: 'x', prompt: { fr: { text: 'Notre service client : +229 21 30 00 00. Votre commande 4815162342 est en route.' } } },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', output: 'ok', target: 'bye' },
    { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
    { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
  ],
  settings: {},
};
