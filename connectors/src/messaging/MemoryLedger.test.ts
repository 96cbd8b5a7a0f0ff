import { describe, expect, it } from 'vitest';
import { ledgerContract } from './ledgerContract.ts';
import { MemoryLedger } from './MemoryLedger.ts';

ledgerContract('MemoryLedger', () => new MemoryLedger());

describe('MemoryLedger', () => {
  const inbound = (id: string) => ({ id, channel: 'webchat', conversationKey: 'webchat:c', payload: null, receivedAt: new Date().toISOString() });

  it('forgets a settled message id after it expires', async () => {
    let now = Date.parse('2026-01-01T10:00:00.000Z');
    const ledger = new MemoryLedger(() => now);
    await ledger.recordInbound([{ ...inbound('A'), expiresAt: '2026-01-01T11:00:00.000Z' }]);
    expect(await ledger.recordInbound([inbound('A')])).toEqual([false]);
    now = Date.parse('2026-01-01T11:00:01.000Z');
    expect(await ledger.recordInbound([inbound('A')])).toEqual([true]);
  });

  it('stays bounded, keeping the messages that wait to be processed', async () => {
    const ledger = new MemoryLedger(Date.now, 100);
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await ledger.recordInbound([{ ...inbound('unsettled'), payload: { text: 'kept' } }]);
    for (let i = 0; i < 1000; i += 1) await ledger.recordInbound([{ ...inbound(`m${i}`), expiresAt }]);
    expect(await ledger.recordInbound([inbound('m999')])).toEqual([false]);
    expect(await ledger.recordInbound([inbound('m0')])).toEqual([true]);
    expect((await ledger.dueInbound(new Date().toISOString(), 10)).map((r) => r.id)).toEqual(['unsettled']);
  });
});
