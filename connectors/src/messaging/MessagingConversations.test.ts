import { describe, expect, it } from 'vitest';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { MessagingConversations } from './MessagingConversations.ts';
import { MemoryLedger } from './MemoryLedger.ts';
import { InterpreterPort } from './testing/InterpreterPort.ts';
import { menuFlow } from './testing/menuFlow.ts';
import type { InboundMessage } from './inbound.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
let seq = 0;
const message = (content: InboundMessage['content'], minutes = 0): InboundMessage => ({
  channel: 'whatsapp',
  address: '100000000000001',
  from: '2290197000001',
  conversation: '100000000000001:2290197000001',
  phoneNumber: '+2290197000001',
  messageId: `wamid.${++seq}`,
  sentAt: new Date(T0 + minutes * 60_000).toISOString(),
  content,
});
const text = (t: string, minutes = 0) => message({ kind: 'event', event: { type: 'text', text: t } }, minutes);

function setup(settings: Record<string, number> = {}) {
  const port = new InterpreterPort({ 'menu-test': menuFlow(3) }).bind({ id: 'wa', channel: 'whatsapp', address: '100000000000001', flowId: 'menu-test', settings });
  let now = T0;
  const ledger = new MemoryLedger(() => now);
  const conversations = new MessagingConversations({ port, bindings: port, ledger, defaultInactivityMinutes: 30, now: () => now });
  return {
    port,
    conversations,
    ledger,
    at: (minutes: number) => {
      now = T0 + minutes * 60_000;
    },
  };
}

describe('MessagingConversations', () => {
  it('starts the flow on a first message without taking its words as an answer', async () => {
    const { conversations } = setup();
    const outcome = await conversations.receive(text('Bonjour'));
    expect(outcome).toMatchObject({ kind: 'turn', started: true, key: 'whatsapp:100000000000001:2290197000001' });
    expect(outcome.kind === 'turn' && outcome.turn.effects?.at(-1)).toMatchObject({ type: 'ask', kind: 'language' });
  });

  it('feeds later messages to the flow', async () => {
    const { conversations } = setup();
    await conversations.receive(text('Bonjour'));
    const outcome = await conversations.receive(message({ kind: 'event', event: { type: 'choice', option: 'fr' } }));
    expect(outcome).toMatchObject({ kind: 'turn', started: false });
    expect(outcome.kind === 'turn' && outcome.turn.effects?.at(-1)).toMatchObject({ type: 'ask', node: 'main' });
  });

  it('processes a re-delivered message once', async () => {
    const { conversations, port } = setup();
    const first = text('Bonjour');
    await conversations.receiveOnce(first);
    expect(await conversations.receiveOnce({ ...first })).toEqual({ kind: 'duplicate' });
    expect(port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
  });

  it('processes the retry of a message whose first try died before it was processed', async () => {
    const { conversations, port, ledger } = setup();
    const first = text('Bonjour');
    // The first try recorded the id, then its process stopped: the lease lapsed, nothing was processed.
    await ledger.recordInbound([
      {
        id: `whatsapp:${first.messageId}`,
        channel: 'whatsapp',
        conversationKey: 'whatsapp:100000000000001:2290197000001',
        payload: null,
        receivedAt: new Date(T0).toISOString(),
        lease: { owner: 'dead-process', until: new Date(T0 - 1).toISOString() },
        expiresAt: new Date(T0 + 3_600_000).toISOString(),
      },
    ]);
    expect(await conversations.receiveOnce({ ...first })).toMatchObject({ kind: 'turn', started: true });
    expect(port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
    expect(await conversations.receiveOnce({ ...first })).toEqual({ kind: 'duplicate' });
  });

  it('refuses a retry while the first try still runs, and processes it after that try failed', async () => {
    const { conversations, port } = setup();
    const first = text('Bonjour');
    let fail = true;
    const start = port.start.bind(port);
    port.start = async (input) => {
      if (fail) throw new Error('store unavailable');
      return start(input);
    };
    await expect(conversations.receiveOnce(first)).rejects.toThrow('store unavailable');
    fail = false;
    expect(await conversations.receiveOnce({ ...first })).toMatchObject({ kind: 'turn', started: true });
  });

  it('starts over after the inactivity timeout of the binding', async () => {
    const { conversations, port, at } = setup({ inactivityMinutes: 10 });
    await conversations.receive(text('Bonjour'));
    await conversations.receive(message({ kind: 'event', event: { type: 'choice', option: 'fr' } }, 1));
    at(12);
    const outcome = await conversations.receive(text('1', 12));
    expect(outcome).toMatchObject({ kind: 'turn', started: true });
    expect(port.calls.map((c) => c.op)).toEqual(['handle', 'start', 'handle', 'end', 'start']);
  });

  it('logs a failure to end an inactive session without the subscriber’s number', async () => {
    const port = new InterpreterPort({ 'menu-test': menuFlow(3) }).bind({ id: 'wa', channel: 'whatsapp', address: '100000000000001', flowId: 'menu-test', settings: { inactivityMinutes: 10 } });
    port.end = () => Promise.reject(new Error('store unavailable'));
    let now = T0;
    const lines: string[] = [];
    const record = (details: object, line?: string) => lines.push(JSON.stringify([details, line]));
    const logger: ChannelLogger = { info: record, warn: record, error: record, debug: record };
    const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(() => now), defaultInactivityMinutes: 30, now: () => now, logger });
    await conversations.receive(text('Bonjour'));
    now = T0 + 12 * 60_000;
    expect(await conversations.receive(text('1', 12))).toMatchObject({ kind: 'turn', started: true });
    expect(lines.join('\n')).toContain('ending an inactive session failed');
    expect(lines.join('\n')).not.toContain('2290197000001');
  });

  it('starts a new session after the contact ended', async () => {
    const { conversations, port } = setup();
    await conversations.receive(text('Bonjour'));
    const key = 'whatsapp:100000000000001:2290197000001';
    port.sessions.set(key, { ...port.sessions.get(key)!, status: 'ended' });
    expect(await conversations.receive(text('Re-bonjour'))).toMatchObject({ kind: 'turn', started: true });
  });

  it('delivers the goodbye of a turn that ends the contact, and starts anew on the next message', async () => {
    const { conversations, port } = setup();
    await conversations.receive(text('Bonjour'));
    const key = 'whatsapp:100000000000001:2290197000001';
    const handle = port.handle.bind(port);
    port.handle = async (k, e) => {
      const turn = await handle(k, e);
      if (turn.status !== 'ok') return turn;
      port.sessions.set(k, { ...port.sessions.get(k)!, status: 'ended' });
      return { ...turn, status: 'ended', effects: [{ type: 'say', node: 'bye', locale: 'fr', text: 'Au revoir.' }], trace: { nodes: ['bye'] } };
    };
    const last = await conversations.receive(text('merci'));
    expect(last).toMatchObject({ kind: 'turn', started: false, turn: { status: 'ended', effects: [{ text: 'Au revoir.' }] } });
    port.handle = handle;
    expect(await conversations.receive(text('Re-bonjour'))).toMatchObject({ kind: 'turn', started: true });
    expect(port.sessions.get(key)?.status).toBe('active');
  });

  it('answers media politely in a live conversation and starts the flow otherwise', async () => {
    const { conversations } = setup();
    expect(await conversations.receive(message({ kind: 'unsupported', type: 'image' }))).toMatchObject({ kind: 'turn', started: true });
    expect(await conversations.receive(message({ kind: 'unsupported', type: 'sticker' }))).toMatchObject({ kind: 'unsupported', locale: 'fr' });
  });

  it('does nothing for a number without a binding, or a reaction', async () => {
    const { conversations } = setup();
    expect(await conversations.receive({ ...text('x'), address: '999' })).toEqual({ kind: 'noBinding' });
    expect(await conversations.receive(message({ kind: 'ignored', type: 'reaction' }))).toMatchObject({ kind: 'ignored' });
  });
});
