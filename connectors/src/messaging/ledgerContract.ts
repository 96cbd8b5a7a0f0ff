import { describe, expect, it } from 'vitest';
import type { MessagingLedger } from './ledger.ts';

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/**
 * The behaviour every `MessagingLedger` must have, as a vitest suite: run it against each
 * implementation (memory here, the runtime's durable one there).
 */
export function ledgerContract(name: string, create: () => Promise<MessagingLedger> | MessagingLedger): void {
  describe(`MessagingLedger contract: ${name}`, () => {
    it('claims an inbound message id once', async () => {
      const ledger = await create();
      expect(await ledger.claimInbound('wamid.A', later(60))).toBe(true);
      expect(await ledger.claimInbound('wamid.A', later(60))).toBe(false);
      expect(await ledger.claimInbound('wamid.B', later(60))).toBe(true);
    });

    it('claims once even when two deliveries race', async () => {
      const ledger = await create();
      const results = await Promise.all(Array.from({ length: 5 }, () => ledger.claimInbound('wamid.RACE', later(60))));
      expect(results.filter(Boolean)).toHaveLength(1);
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
