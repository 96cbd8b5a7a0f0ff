import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@griot/flows';
import type { ConversationService } from '../conversations/ConversationService.ts';
import { selfCareFlow } from '../conversations/testSupport.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import type { HandoffContact, HandoffMessage, SessionRecord, Store } from '../store/types.ts';
import { HandoffService } from './HandoffService.ts';

let dataDir: string;
let store: Store;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-mask-closed-'));
  store = await openStore({ dataDir });
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const now = () => new Date().toISOString();
const contact: HandoffContact = {
  id: 'contact-1',
  queue: 'support',
  priority: 1,
  enqueuedAt: now(),
  channel: 'whatsapp',
  sessionKey: 'whatsapp:100:22997000001',
  callerNumber: '+22997000001',
  locale: 'fr',
  reason: 'Assistance',
  context: {},
  history: [],
  status: 'assigned',
  agent: 'awa',
  preview: false,
  updatedAt: now(),
};

describe('a contact closed while a message was being stored', () => {
  it('keeps that message masked too', async () => {
    let handoff: HandoffService | undefined;
    // The agent closes the contact between the subscriber's message being read as for an open contact and its write.
    const racing = Object.create(store) as Store;
    racing.appendHandoffMessage = async (message: HandoffMessage) => {
      await handoff!.change(contact.id, ['assigned'], { status: 'closed', closedAt: now(), outcome: 'resolved' });
      return store.appendHandoffMessage(message);
    };
    handoff = new HandoffService({ store: racing, logger: createLogger({ logLevel: 'silent' }), now, newId: () => 'm1', defaultTimezone: 'Africa/Porto-Novo' });
    await store.putHandoffContact(contact);

    await handoff.hooks.waitingEvent({ key: contact.sessionKey } as SessionRecord, {} as Session, { type: 'text', text: 'mon compte 0097 1234 5601' });

    expect((await store.getHandoffContact(contact.id))?.status).toBe('closed');
    expect((await store.listHandoffMessages(contact.id)).map((m) => m.text)).toEqual(['mon compte •••']);
  });
});

describe('a contact an agent closes', () => {
  it("has the session's sensitive values masked in its messages, however they were typed", async () => {
    const handoff = new HandoffService({ store, logger: createLogger({ logLevel: 'silent' }), now, newId: () => 'unused', defaultTimezone: 'Africa/Porto-Novo' });
    // The session as the engine reads it (unsealed): the flow fetched a 4-digit code into `puk`, a sensitive variable.
    const session = { vars: { puk: '4250', segment: 'standard' } } as unknown as Session;
    handoff.attach({ peek: async (key: string) => (key === contact.sessionKey ? { record: { session }, flow: selfCareFlow() } : null) } as unknown as ConversationService);
    await store.putHandoffContact(contact);
    await store.appendHandoffMessage({ id: 'm1', contactId: contact.id, at: now(), from: 'agent', author: 'awa', text: 'Votre code est 42 50, segment standard' });

    await handoff.change(contact.id, ['assigned'], { status: 'closed', closedAt: now(), outcome: 'resolved' });

    expect((await store.listHandoffMessages(contact.id)).map((m) => m.text)).toEqual(['Votre code est •••, segment standard']);
    expect(await store.getHandoffContact(contact.id)).not.toHaveProperty('maskPending');
  });
});

describe('a contact whose masking failed at its close, its session since ended', () => {
  it('is masked by a later pass with the values kept at the close, which then go', async () => {
    // The flow fetched a 4-digit code into `puk`; the turn ending the session removes it from the stored session.
    let session = { vars: { puk: '4250', segment: 'standard' } } as unknown as Session;
    const failing = Object.create(store) as Store;
    let fail = true;
    failing.maskHandoffMessages = async (id, values) => {
      if (fail) throw new Error('the store did not answer');
      return store.maskHandoffMessages(id, values);
    };
    const handoff = new HandoffService({ store: failing, logger: createLogger({ logLevel: 'silent' }), now, newId: () => 'unused', defaultTimezone: 'Africa/Porto-Novo' });
    handoff.attach({ peek: async (key: string) => (key === contact.sessionKey ? { record: { session }, flow: selfCareFlow() } : null) } as unknown as ConversationService);
    await store.putHandoffContact(contact);
    await store.appendHandoffMessage({ id: 'm1', contactId: contact.id, at: now(), from: 'agent', author: 'awa', text: 'Votre code est 42 50, segment standard' });

    await handoff.change(contact.id, ['assigned'], { status: 'closed', closedAt: now(), outcome: 'resolved' });
    // The masking failed: the contact waits for the next pass; no read but that pass's gives the values.
    expect(await store.getHandoffContact(contact.id)).toMatchObject({ maskPending: true });
    expect(await store.getHandoffContact(contact.id)).not.toHaveProperty('maskValues');
    expect(JSON.stringify(await store.listHandoffContacts({}))).not.toContain('4250');
    session = { vars: { segment: 'standard' } } as unknown as Session;
    fail = false;

    expect(await handoff.maskLeftOver()).toBe(1);
    expect((await store.listHandoffMessages(contact.id)).map((m) => m.text)).toEqual(['Votre code est •••, segment standard']);
    expect(await store.listHandoffContactsToMask(10)).toEqual([]);
    expect(await store.getHandoffContact(contact.id)).not.toHaveProperty('maskPending');
  });
});

describe('more closed contacts to mask than a batch (an upgrade marked those closed before it)', () => {
  it('masks them all in one pass', async () => {
    const handoff = new HandoffService({ store, logger: createLogger({ logLevel: 'silent' }), now, newId: () => 'unused', defaultTimezone: 'Africa/Porto-Novo' });
    for (let i = 0; i < 230; i++) {
      const id = `old-${i}`;
      await store.putHandoffContact({ ...contact, id, sessionKey: `whatsapp:100:${i}`, status: 'closed', closedAt: now(), maskPending: true });
      await store.appendHandoffMessage({ id: `m-${i}`, contactId: id, at: now(), from: 'agent', author: 'awa', text: 'Votre code PUK est 58203917' });
    }

    expect(await handoff.maskLeftOver()).toBe(230);
    expect(await store.listHandoffContactsToMask(10)).toEqual([]);
    expect((await store.listHandoffMessages('old-229')).map((m) => m.text)).toEqual(['Votre code PUK est •••']);
  });
});
