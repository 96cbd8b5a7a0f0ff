import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplyNotDeliveredError } from '@griot/connectors';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import { handoffContact } from '../store/contract/handoffContract.ts';
import type { HandoffMessage, Store } from '../store/types.ts';
import type { AgentReplySender } from './AgentReplySender.ts';
import { HandoffService } from './HandoffService.ts';
import { RESEND_GRACE_MS, resendAgentReplies, resendGraceMs, sendBudgetsOf } from './resendAgentReplies.ts';

/** The recovery pass over replies stored but never taken by their channel: what reaches the subscriber. */
let dataDir: string;
let store: Store;
let handoff: HandoffService;
/** What the channel took: message ids, in order. */
let sent: string[];
/** Every reply the channel was asked to send. */
let tried: string[];
/** What the channel does with the next reply: take it, or throw this. */
let refuse: Error | null;

const NOW = new Date('2026-12-05T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-resend-'));
  store = await openStore({ dataDir });
  handoff = new HandoffService({ store, logger: createLogger({ logLevel: 'silent' }), now: () => NOW.toISOString(), newId: () => 'unused', defaultTimezone: 'Africa/Porto-Novo' });
  sent = [];
  tried = [];
  refuse = null;
  const sender: AgentReplySender = {
    async sendAgentText(_to, _text, _agent, messageId) {
      tried.push(messageId ?? '');
      if (refuse) throw refuse;
      sent.push(messageId ?? '');
    },
    async sendBotTurn() {},
  };
  handoff.useReplySender(sender);
  const whatsapp = { channel: 'whatsapp' as const, agent: 'awa', status: 'assigned' as const };
  await store.putHandoffContact(handoffContact('open', 1, ago(60_000), { ...whatsapp, sessionKey: 'whatsapp:1:2290197000001' }));
  await store.putHandoffContact(handoffContact('other', 1, ago(60_000), { ...whatsapp, sessionKey: 'whatsapp:1:2290197000003' }));
  await store.putHandoffContact(handoffContact('closed', 1, ago(60_000), { ...whatsapp, sessionKey: 'whatsapp:1:2290197000002', status: 'closed' }));
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const reply = (id: string, contactId: string, at: string): HandoffMessage => ({ id, contactId, at, from: 'agent', author: 'awa', text: `réponse ${id}`, pending: true });
const pending = async () => (await store.listPendingHandoffMessages(NOW.toISOString(), 10)).map((m) => m.id);

describe('resending agents’ replies', () => {
  it('sends a pending reply once, under its own id, and leaves one still being sent by its request', async () => {
    await store.appendHandoffMessage(reply('r-old', 'open', ago(RESEND_GRACE_MS + 1000)));
    await store.appendHandoffMessage(reply('r-new', 'open', ago(1000)));
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 1, givenUp: 0, deferred: 0 });
    expect(sent).toEqual(['open:r-old']);
    expect(await pending()).toEqual(['r-new']);
    // The next pass does not send it again.
    await resendAgentReplies(handoff, NOW);
    expect(sent).toEqual(['open:r-old']);
  });

  it('leaves a reply to its request for as long as that request may still be sending it', async () => {
    // The channels' defaults: 4 attempts of up to 10 s each, and up to 8 s between two.
    expect(resendGraceMs([{ timeoutMs: 10_000, retries: 3, backoffMaxMs: 8_000 }])).toBe(64_000);
    expect(RESEND_GRACE_MS).toBe(64_000);
    // The slowest configured channel counts.
    const budgets = sendBudgetsOf({ TELEGRAM_SEND_TIMEOUT_MS: '30000', WHATSAPP_SEND_RETRIES: '0' });
    expect(resendGraceMs(budgets)).toBe(4 * 30_000 + 3 * 8_000);
    // Only the channels configured: a WhatsApp that gives up fast leaves the floor.
    expect(resendGraceMs(sendBudgetsOf({ WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_SEND_TIMEOUT_MS: '2000', WHATSAPP_SEND_RETRIES: '0' }))).toBe(10_000);
    expect(resendGraceMs(sendBudgetsOf({}))).toBe(64_000);
    // 30 s after it was stored, a request with the default settings may still be in its last attempts.
    await store.appendHandoffMessage(reply('r-sending', 'open', ago(30_000)));
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 0, givenUp: 0, deferred: 0 });
    expect(sent).toEqual([]);
    expect(await resendAgentReplies(handoff, new Date(NOW.getTime() + 40_000))).toEqual({ sent: 1, givenUp: 0, deferred: 0 });
  });

  it('sends the same client id used on two contacts as two replies, each under its own key', async () => {
    await store.appendHandoffMessageOnce(reply('same-id', 'open', ago(5 * 60_000)));
    await store.appendHandoffMessageOnce(reply('same-id', 'other', ago(5 * 60_000)));
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 2, givenUp: 0, deferred: 0 });
    // The channel's ledger keeps one send per key: one shared key would drop the second reply.
    expect(sent).toEqual(['open:same-id', 'other:same-id']);
  });

  it('gives up a reply to a closed contact, or one the platform refuses for good, without sending it later', async () => {
    await store.appendHandoffMessage(reply('r-closed', 'closed', ago(5 * 60_000)));
    await store.appendHandoffMessage(reply('r-blocked', 'open', ago(5 * 60_000)));
    refuse = new ReplyNotDeliveredError('recipientUnavailable', 'blocked');
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 0, givenUp: 2, deferred: 0 });
    expect(await pending()).toEqual([]);
    expect((await store.listHandoffMessages('closed')).map((m) => m.text)).toEqual(['réponse r-closed']);
    // Refused for good: the reason stays on the message (the agent app shows it not delivered).
    expect(await store.getHandoffMessage('open', 'r-blocked')).toMatchObject({ undelivered: 'recipientUnavailable' });
  });

  it('tries again at the next pass when the platform did not take it now', async () => {
    await store.appendHandoffMessage(reply('r-later', 'open', ago(5 * 60_000)));
    refuse = new ReplyNotDeliveredError('platformUnavailable', 'Graph 503');
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 0, givenUp: 0, deferred: 1 });
    refuse = null;
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 1, givenUp: 0, deferred: 0 });
    expect(sent).toEqual(['open:r-later']);
  });

  it('leaves a platform that is down (or rate-limiting) alone for the rest of the pass, and sends each reply once when it is back', async () => {
    // Both older than the slowest send can last (the grace), so both are due.
    await store.appendHandoffMessage(reply('r-1', 'open', ago(RESEND_GRACE_MS + 60_000)));
    await store.appendHandoffMessage(reply('r-2', 'open', ago(RESEND_GRACE_MS + 50_000)));
    refuse = new ReplyNotDeliveredError('platformUnavailable', 'Graph 429', 30);
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 0, givenUp: 0, deferred: 2 });
    expect(tried).toEqual(['open:r-1']);
    refuse = null;
    expect(await resendAgentReplies(handoff, NOW)).toEqual({ sent: 2, givenUp: 0, deferred: 0 });
    expect(sent).toEqual(['open:r-1', 'open:r-2']);
    expect(await pending()).toEqual([]);
  });
});
