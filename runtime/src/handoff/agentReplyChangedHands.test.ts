import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit/auditLog.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import { handoffContact } from '../store/contract/handoffContract.ts';
import type { Store } from '../store/types.ts';
import { AgentDesk } from './AgentDesk.ts';
import type { AgentReplySender } from './AgentReplySender.ts';
import { HandoffService } from './HandoffService.ts';

/**
 * Review 16: an agent's reply was checked against the contact's holder, then the channel was asked
 * whether it could still write (a network call), then stored and sent without looking again: a
 * supervisor's transfer or requeue in between let a reply reach a subscriber the agent no longer had.
 */
let dataDir: string;
let store: Store;
let desk: AgentDesk;
let sent: string[];
/** What happens while the channel is asked whether it can still write to the subscriber. */
let meanwhile: () => Promise<void>;

const NOW = '2026-12-05T10:00:00.000Z';
const awa = { username: 'awa', supervisor: false, queues: null };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-reply-hands-'));
  store = await openStore({ dataDir });
  let ids = 0;
  const handoff = new HandoffService({ store, logger: createLogger({ logLevel: 'silent' }), now: () => NOW, newId: () => `id-${++ids}`, defaultTimezone: 'Africa/Porto-Novo' });
  sent = [];
  meanwhile = async () => {};
  const sender: AgentReplySender = {
    async canReach() {
      await meanwhile();
      return true;
    },
    async sendAgentText(_to, text) {
      sent.push(text);
    },
    async sendBotTurn() {},
  };
  handoff.useReplySender(sender);
  desk = new AgentDesk(
    handoff,
    createAuditLog(
      store,
      () => NOW,
      () => `audit-${++ids}`,
    ),
  );
  await store.putHandoffContact(handoffContact('c1', 1, NOW, { channel: 'whatsapp', sessionKey: 'whatsapp:1:2290197000001', status: 'assigned', agent: 'awa' }));
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('an agent’s reply when the contact changed hands meanwhile', () => {
  it('is sent while the agent still holds the contact', async () => {
    expect((await desk.reply('c1', awa, 'Bonjour, je regarde.')).delivered).toBe(true);
    expect(sent).toEqual(['Bonjour, je regarde.']);
  });

  it('is refused (409 contact_changed_hands), kept nowhere and sent nowhere, after a supervisor requeued the contact', async () => {
    meanwhile = async () => {
      await store.updateHandoffContact('c1', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, queue: 'support-en', updatedAt: NOW });
    };
    await expect(desk.reply('c1', awa, 'Votre SIM est débloquée.')).rejects.toMatchObject({ reason: 'conflict', code: 'contact_changed_hands' });
    expect(sent).toEqual([]);
    expect(await store.listHandoffMessages('c1')).toEqual([]);
  });
});
