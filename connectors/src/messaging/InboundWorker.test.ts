import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import { InboundWorker, type InboundWorkerOptions } from './InboundWorker.ts';
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

  it('after a crash, answers a subscriber’s messages in the order they came, though the first one was being processed', async () => {
    const ledger = new MemoryLedger();
    let now = Date.parse('2026-12-06T12:00:00.000Z');
    const options = (owner: string, process: InboundWorkerOptions['process']): InboundWorkerOptions => ({
      channel: 'sms',
      ledger,
      queue: new KeyedQueue(),
      leaseMs: 2_000,
      maxAttempts: 3,
      backoff: { baseMs: 10, maxMs: 10 },
      dedupeMs: 60_000,
      owner,
      now: () => now,
      process,
    });
    const conversationKey = 'sms:1919:2290197000021';
    // The first process takes « Bonjour » at once, saves its turn's reply 600 ms later, and dies sending it;
    // « 1 », recorded 300 ms after « Bonjour », waits behind it.
    let progressSaved!: () => void;
    const saved = new Promise<void>((resolve) => (progressSaved = resolve));
    const dying = new InboundWorker(
      options('dying', async (record, attempt) => {
        if (record.id !== 'sms:hello') return;
        now += 600;
        await attempt.saveProgress({ texts: ['Pour le français, tapez 1.'] });
        progressSaved();
        await new Promise(() => {}); // killed here
      }),
    );
    await dying.record([{ id: 'sms:hello', channel: 'sms', conversationKey, payload: { text: 'Bonjour' } }]);
    now += 300;
    await dying.record([{ id: 'sms:french', channel: 'sms', conversationKey, payload: { text: '1' } }]);
    await saved;

    // The next process looks for messages nobody holds, every second, once the dead one's leases lapse.
    const answered: string[] = [];
    const next = new InboundWorker(options('next', async (record) => void answered.push(record.id)));
    for (let pass = 0; pass < 4; pass += 1) {
      now += 500;
      await next.recover();
      await Promise.resolve();
    }
    await next.close();
    expect(answered).toEqual(['sms:hello', 'sms:french']);
  });
});
