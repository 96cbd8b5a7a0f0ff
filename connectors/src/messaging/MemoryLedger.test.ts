import { describe, expect, it } from 'vitest';
import { ledgerContract } from './ledgerContract.ts';
import { MemoryLedger } from './MemoryLedger.ts';

ledgerContract('MemoryLedger', () => new MemoryLedger());

describe('MemoryLedger', () => {
  it('forgets entries after they expire', async () => {
    let now = Date.parse('2026-01-01T10:00:00.000Z');
    const ledger = new MemoryLedger(() => now);
    await ledger.claimInbound('wamid.A', '2026-01-01T11:00:00.000Z');
    now = Date.parse('2026-01-01T11:00:01.000Z');
    expect(await ledger.claimInbound('wamid.A', '2026-01-01T12:00:00.000Z')).toBe(true);
  });

  it('stays bounded', async () => {
    const ledger = new MemoryLedger(Date.now, 100);
    for (let i = 0; i < 1000; i += 1) await ledger.claimInbound(`m${i}`, new Date(Date.now() + 60_000).toISOString());
    expect(await ledger.claimInbound('m999', new Date(Date.now() + 60_000).toISOString())).toBe(false);
    expect(await ledger.claimInbound('m0', new Date(Date.now() + 60_000).toISOString())).toBe(true);
  });
});
