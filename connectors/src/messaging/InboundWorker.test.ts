import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import { InboundWorker } from './InboundWorker.ts';
import { MemoryLedger } from './MemoryLedger.ts';

describe('InboundWorker', () => {
  it("recovers only its own channel's messages from the inbox every channel shares", async () => {
    const ledger = new MemoryLedger();
    const past = new Date(Date.now() - 60_000).toISOString();
    // Left by a process that died: one WhatsApp message, one SMS, their leases lapsed.
    await ledger.recordInbound([
      { id: 'whatsapp:wamid.1', channel: 'whatsapp', conversationKey: 'whatsapp:1:229', payload: { text: 'wa' }, receivedAt: past, lease: { owner: 'dead', until: past } },
      { id: 'sms:1919:229:mo1', channel: 'sms', conversationKey: 'sms:1919:229', payload: { text: 'sms' }, receivedAt: past, lease: { owner: 'dead', until: past } },
    ]);
    const processedBy: Record<string, string[]> = { whatsapp: [], sms: [] };
    const workers = ['whatsapp', 'sms'].map(
      (channel) =>
        new InboundWorker({
          channel,
          ledger,
          queue: new KeyedQueue(),
          leaseMs: 10_000,
          maxAttempts: 3,
          backoff: { baseMs: 10, maxMs: 10 },
          dedupeMs: 60_000,
          process: async (record) => void processedBy[channel]!.push(record.id),
        }),
    );
    for (const worker of workers) await worker.recover();
    for (const worker of workers) await worker.close();
    expect(processedBy).toEqual({ whatsapp: ['whatsapp:wamid.1'], sms: ['sms:1919:229:mo1'] });
  });
});
