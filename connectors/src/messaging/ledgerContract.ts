import { describe, expect, it } from 'vitest';
import type { MessagingLedger, NewInbound } from './ledger.ts';

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const NOW = () => new Date().toISOString();

const inbound = (id: string, extra: Partial<NewInbound> = {}): NewInbound => ({
  id: `whatsapp:${id}`,
  channel: 'whatsapp',
  conversationKey: 'whatsapp:100000000000001:2290197000001',
  payload: { text: `message ${id}` },
  receivedAt: NOW(),
  ...extra,
});
const lease = (owner: string, minutes = 1) => ({ owner, until: later(minutes) });

/**
 * The behaviour every `MessagingLedger` must have, as a vitest suite: run against each
 * implementation (memory here, the runtime's Store on SQLite and MongoDB there). `create` is
 * called inside each test and must give an empty ledger.
 */
export function ledgerContract(name: string, create: () => Promise<MessagingLedger> | MessagingLedger): void {
  describe(`MessagingLedger contract: ${name}`, () => {
    describe('inbox', () => {
      it('records a batch in one call and tells re-deliveries apart', async () => {
        const ledger = await create();
        expect(await ledger.recordInbound([inbound('A'), inbound('B')])).toEqual([true, true]);
        expect(await ledger.recordInbound([inbound('B'), inbound('C'), inbound('C')])).toEqual([false, true, false]);
      });

      it('records one id once even when deliveries race', async () => {
        const ledger = await create();
        const results = await Promise.all(Array.from({ length: 5 }, () => ledger.recordInbound([inbound('RACE')])));
        expect(results.flat().filter(Boolean)).toHaveLength(1);
      });

      it('gives a message to one owner at a time, and to another once the lease lapsed', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('A', { lease: lease('one') })]);
        const taken = await ledger.takeInbound('whatsapp:A', lease('one'), NOW());
        expect(taken).toMatchObject({ id: 'whatsapp:A', state: 'received', attempts: 1, lease: { owner: 'one' }, payload: { text: 'message A' } });
        expect(await ledger.takeInbound('whatsapp:A', lease('two'), NOW())).toBeNull();
        // A process taking back what it holds counts another attempt.
        expect(await ledger.takeInbound('whatsapp:A', lease('one'), NOW())).toMatchObject({ attempts: 2 });
        expect(await ledger.takeInbound('whatsapp:A', lease('two'), later(2))).toMatchObject({ attempts: 3, lease: { owner: 'two' } });
        expect(await ledger.takeInbound('whatsapp:unknown', lease('one'), NOW())).toBeNull();
      });

      it('takes a message once when two owners race for it', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('A')]);
        const results = await Promise.all(['one', 'two', 'three'].map((owner) => ledger.takeInbound('whatsapp:A', lease(owner), NOW())));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });

      it('keeps what an attempt got done for the next one, only for the holder', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('A')]);
        await ledger.takeInbound('whatsapp:A', lease('one'), NOW());
        expect(await ledger.holdInbound('whatsapp:A', lease('one', 5), { progress: { replies: ['Bienvenue'] }, error: 'graph unavailable' })).toBe(true);
        expect(await ledger.holdInbound('whatsapp:A', lease('two'), { progress: { replies: ['other'] } })).toBe(false);
        expect(await ledger.takeInbound('whatsapp:A', lease('two'), later(2))).toBeNull();
        expect(await ledger.takeInbound('whatsapp:A', lease('two'), later(6))).toMatchObject({
          attempts: 2,
          progress: { replies: ['Bienvenue'] },
          lastError: 'graph unavailable',
        });
      });

      it('settles a message: it is not taken or due again, and its id still stops re-deliveries', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('A'), inbound('B')]);
        await ledger.takeInbound('whatsapp:A', lease('one'), NOW());
        expect(await ledger.settleInbound('whatsapp:A', 'two', { state: 'processed', at: NOW(), expiresAt: later(60) })).toBe(false);
        expect(await ledger.settleInbound('whatsapp:A', 'one', { state: 'processed', at: NOW(), expiresAt: later(60) })).toBe(true);
        expect(await ledger.takeInbound('whatsapp:A', lease('one'), NOW())).toBeNull();
        expect((await ledger.dueInbound(NOW(), 10)).map((r) => r.id)).toEqual(['whatsapp:B']);
        expect(await ledger.recordInbound([inbound('A')])).toEqual([false]);
        const [settled] = await ledger.listInbound({ states: ['processed'], limit: 10 });
        expect(settled).toMatchObject({ id: 'whatsapp:A', state: 'processed', attempts: 1 });
        expect(settled).not.toHaveProperty('payload');
        expect(settled).not.toHaveProperty('lease');
      });

      it('lists messages given up on, with why', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('POISON'), inbound('OK')]);
        await ledger.takeInbound('whatsapp:OK', lease('one'), NOW());
        await ledger.holdInbound('whatsapp:OK', lease('one'), { progress: { replies: ['Votre code PUK est 12345678'] } });
        await ledger.takeInbound('whatsapp:POISON', lease('one'), NOW());
        await ledger.settleInbound('whatsapp:POISON', 'one', { state: 'failed', at: NOW(), expiresAt: later(60), error: 'gave up after 1 attempt' });
        const failed = await ledger.listInbound({ states: ['failed'], limit: 10 });
        expect(failed).toEqual([expect.objectContaining({ id: 'whatsapp:POISON', state: 'failed', attempts: 1, lastError: 'gave up after 1 attempt' })]);
        const [waiting, ...none] = await ledger.listInbound({ states: ['received'], limit: 10 });
        expect(none).toEqual([]);
        expect(waiting).toMatchObject({ id: 'whatsapp:OK', state: 'received' });
        // No message content for operations: neither what the subscriber wrote nor what the flow answered.
        expect(waiting).not.toHaveProperty('payload');
        expect(waiting).not.toHaveProperty('progress');
      });

      it('offers for recovery what nobody holds, oldest first, never what only its request can process', async () => {
        const ledger = await create();
        await ledger.recordInbound([
          inbound('NEWER', { receivedAt: later(-1) }),
          inbound('OLDER', { receivedAt: later(-2) }),
          inbound('HELD', { receivedAt: later(-3), lease: lease('alive') }),
          inbound('LAPSED', { receivedAt: later(-4), lease: { owner: 'dead', until: later(-1) } }),
          inbound('SYNC', { receivedAt: later(-5), payload: null, lease: { owner: 'dead', until: later(-1) }, expiresAt: later(60) }),
        ]);
        const due = await ledger.dueInbound(NOW(), 10);
        expect(due.map((r) => r.id)).toEqual(['whatsapp:LAPSED', 'whatsapp:OLDER', 'whatsapp:NEWER']);
        expect(due[1]).toMatchObject({ payload: { text: 'message OLDER' } });
        expect(await ledger.dueInbound(NOW(), 1)).toHaveLength(1);
      });

      it('renews the leases an owner holds in one call, and lets them go', async () => {
        const ledger = await create();
        await ledger.recordInbound([
          inbound('A', { lease: lease('one', 1) }),
          inbound('B', { lease: lease('one', 1) }),
          inbound('C', { lease: lease('two', 1) }),
          inbound('D', { lease: lease('one', 1) }),
        ]);
        expect(await ledger.renewLeases('one', ['whatsapp:A', 'whatsapp:B', 'whatsapp:C'], later(10))).toBe(2);
        expect((await ledger.dueInbound(later(5), 10)).map((r) => r.id).sort()).toEqual(['whatsapp:C', 'whatsapp:D']);
        expect(await ledger.renewLeases('one', ['whatsapp:A'], NOW())).toBe(1);
        expect((await ledger.dueInbound(later(0.1), 10)).map((r) => r.id)).toContain('whatsapp:A');
      });

      it('lets an expired id be recorded again and purges settled records once expired', async () => {
        const ledger = await create();
        await ledger.recordInbound([inbound('SYNC', { payload: null, lease: lease('one'), expiresAt: later(-1) })]);
        expect(await ledger.recordInbound([inbound('SYNC', { payload: null })])).toEqual([true]);
        await ledger.recordInbound([inbound('A')]);
        await ledger.takeInbound('whatsapp:A', lease('one'), NOW());
        await ledger.settleInbound('whatsapp:A', 'one', { state: 'processed', at: NOW(), expiresAt: later(1) });
        expect(await ledger.purgeExpired(later(2))).toBeGreaterThanOrEqual(1);
        expect(await ledger.listInbound({ states: ['processed'], limit: 10 })).toEqual([]);
        // Unsettled messages never expire.
        expect((await ledger.listInbound({ states: ['received'], limit: 10 })).map((r) => r.id)).toEqual(['whatsapp:SYNC']);
      });
    });

    it('remembers when a conversation last wrote and returns the time before', async () => {
      const ledger = await create();
      expect(await ledger.touchConversation('whatsapp:1:229', '2026-01-01T10:00:00.000Z', later(60))).toBeNull();
      expect(await ledger.touchConversation('whatsapp:1:229', '2026-01-01T10:05:00.000Z', later(60))).toBe('2026-01-01T10:00:00.000Z');
      expect(await ledger.lastInbound('whatsapp:1:229')).toBe('2026-01-01T10:05:00.000Z');
    });

    it('never moves the last time back for a late re-delivery', async () => {
      const ledger = await create();
      await ledger.touchConversation('c', '2026-01-01T10:05:00.000Z', later(60));
      await ledger.touchConversation('c', '2026-01-01T10:00:00.000Z', later(60));
      expect(await ledger.lastInbound('c')).toBe('2026-01-01T10:05:00.000Z');
    });

    it('stores outbound records by key', async () => {
      const ledger = await create();
      expect(await ledger.getOutbound('k1')).toBeNull();
      const record = { key: 'k1', conversationKey: 'c', state: 'sent' as const, platformId: 'wamid.X', attempts: 1, updatedAt: '2026-01-01T10:00:00.000Z', expiresAt: later(60) };
      await ledger.putOutbound(record);
      expect(await ledger.getOutbound('k1')).toEqual(record);
      await ledger.putOutbound({ ...record, state: 'uncertain', error: 'timeout' });
      expect(await ledger.getOutbound('k1')).toMatchObject({ state: 'uncertain', error: 'timeout' });
    });

    it('keeps the most advanced delivery status whatever the order', async () => {
      const ledger = await create();
      await ledger.recordStatus({ messageId: 'w1', status: 'read', at: '2026-01-01T10:00:03.000Z' });
      await ledger.recordStatus({ messageId: 'w1', status: 'sent', at: '2026-01-01T10:00:01.000Z' });
      await ledger.recordStatus({ messageId: 'w1', status: 'delivered', at: '2026-01-01T10:00:02.000Z' });
      expect((await ledger.getStatus('w1'))?.status).toBe('read');
      await ledger.recordStatus({ messageId: 'w1', status: 'failed', at: '2026-01-01T10:00:04.000Z' });
      expect((await ledger.getStatus('w1'))?.status).toBe('failed');
    });
  });
}
