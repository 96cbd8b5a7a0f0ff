import { describe, expect, it } from 'vitest';
import { ledgerContract } from '@griot/connectors/messaging/ledgerContract';
import type { Store, StoreDump } from '../types.ts';

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Puts messaging records of every kind in a store: waiting, settled, outbound, conversation, status. */
export async function fillMessaging(store: Store): Promise<void> {
  const m = store.messaging;
  await m.recordInbound([
    { id: 'whatsapp:wamid.WAITING', channel: 'whatsapp', conversationKey: 'whatsapp:1:2290197000001', payload: { text: 'Bonjour' }, receivedAt: '2025-03-01T08:00:00.000Z' },
    { id: 'whatsapp:wamid.DONE', channel: 'whatsapp', conversationKey: 'whatsapp:1:2290197000002', payload: { text: 'Salut' }, receivedAt: '2025-03-01T08:00:01.000Z' },
  ]);
  await m.takeInbound('whatsapp:wamid.WAITING', { owner: 'p1', until: later(1) }, new Date().toISOString());
  await m.holdInbound('whatsapp:wamid.WAITING', { owner: 'p1', until: later(1) }, { progress: { outcome: 'turn', messages: [{ type: 'text' }] }, error: 'graph unavailable' });
  await m.takeInbound('whatsapp:wamid.DONE', { owner: 'p1', until: later(1) }, new Date().toISOString());
  await m.settleInbound('whatsapp:wamid.DONE', 'p1', { state: 'processed', at: new Date().toISOString(), expiresAt: later(60) });
  await m.putOutbound({
    key: 'wamid.WAITING:0',
    conversationKey: 'whatsapp:1:2290197000001',
    state: 'sent',
    platformId: 'wamid.OUT',
    attempts: 1,
    updatedAt: '2025-03-01T08:00:02.000Z',
    expiresAt: later(60),
  });
  await m.putOutbound({
    key: 'wamid.DONE:0',
    conversationKey: 'whatsapp:1:2290197000002',
    state: 'sent',
    platformId: 'wamid.OUT2',
    attempts: 1,
    updatedAt: '2025-03-01T08:00:02.000Z',
    expiresAt: later(60),
  });
  await m.touchConversation('whatsapp:1:2290197000001', '2025-03-01T08:00:00.000Z', later(60));
  await m.recordStatus({ messageId: 'wamid.OUT', status: 'delivered', at: '2025-03-01T08:00:03.000Z' });
}

/**
 * Messaging's ledger in the Store: the connectors' own contract (`ledgerContract`, the same one
 * `MemoryLedger` passes), then what only a store does: backups.
 */
export function messagingContract(store: () => Store, another: () => Promise<Store>) {
  ledgerContract('store.messaging', () => store().messaging);

  describe('messaging in backups', () => {
    it('keeps the messages waiting to be processed, with what finishing them needs, and nothing settled', async () => {
      await fillMessaging(store());
      const { messaging } = await store().dump();
      expect(messaging?.inbound).toEqual([expect.objectContaining({ id: 'whatsapp:wamid.WAITING', state: 'received', attempts: 1, payload: { text: 'Bonjour' }, lastError: 'graph unavailable' })]);
      // No process holds a message in a backup: whoever restores it processes it.
      expect(messaging?.inbound[0]).not.toHaveProperty('lease');
      // The replies a turn rendered may hold a PUK code: never in a backup.
      expect(messaging?.inbound[0]).not.toHaveProperty('progress');
      expect(messaging?.outbound.map((o) => o.key)).toEqual(['wamid.WAITING:0']);
      expect(messaging?.conversations).toEqual([{ key: 'whatsapp:1:2290197000001', lastInbound: '2025-03-01T08:00:00.000Z', expiresAt: expect.any(String) }]);
    });

    it('restores them so the restored Griot answers them, once', async () => {
      await fillMessaging(store());
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(await store().dump())) as StoreDump);
      const due = await fresh.messaging.dueInbound(new Date().toISOString(), 10);
      expect(due.map((r) => r.id)).toEqual(['whatsapp:wamid.WAITING']);
      expect(await fresh.messaging.getOutbound('wamid.WAITING:0')).toMatchObject({ state: 'sent' });
      expect(await fresh.messaging.lastInbound('whatsapp:1:2290197000001')).toBe('2025-03-01T08:00:00.000Z');
      expect(await fresh.messaging.takeInbound('whatsapp:wamid.WAITING', { owner: 'restored', until: later(1) }, new Date().toISOString())).toMatchObject({ attempts: 2 });
    });
  });

  describe('messaging order within one instant', () => {
    // One webhook call carries several messages of a conversation: they share their `receivedAt`.
    // Their ids (the platform's) sort in no useful order: the arrival order must win.
    const batch = ['wamid.ZZ-oui', 'wamid.AA-non', 'wamid.MM-merci'].map((id) => ({
      id: `whatsapp:${id}`,
      channel: 'whatsapp',
      conversationKey: 'whatsapp:1:2290197000003',
      payload: { text: id },
      receivedAt: '2025-03-01T08:00:00.000Z',
    }));
    const arrival = batch.map((m) => m.id);

    it('recovers the messages of one webhook call in the order they came, and lists them newest first', async () => {
      const m = store().messaging;
      await m.recordInbound(batch);
      // The instance that took them died: the next one recovers them, and must answer "oui" before "non".
      expect((await m.dueInbound(new Date().toISOString(), 10)).map((r) => r.id)).toEqual(arrival);
      expect((await m.listInbound({ states: ['received'], limit: 10 })).map((r) => r.id)).toEqual([...arrival].reverse());
      expect((await m.listInbound({ states: ['received'], limit: 1 })).map((r) => r.id)).toEqual([arrival.at(-1)]);
    });

    it('keeps that order through a backup and a restore', async () => {
      await store().messaging.recordInbound(batch);
      const dump = await store().dump();
      expect(dump.messaging?.inbound.map((r) => r.id)).toEqual(arrival);
      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect((await fresh.messaging.dueInbound(new Date().toISOString(), 10)).map((r) => r.id)).toEqual(arrival);
      expect((await fresh.messaging.listInbound({ states: ['received'], limit: 10 })).map((r) => r.id)).toEqual([...arrival].reverse());
    });
  });
}
