import { describe, expect, it } from 'vitest';
import { sendInOrder, type SendOutcome } from './sendInOrder.ts';
import { MemoryLedger } from './MemoryLedger.ts';
import { silentLogger } from '../channel/ChannelLogger.ts';

function run(ledger: MemoryLedger, outcomes: Record<string, SendOutcome<string>>, delivered: string[]) {
  return sendInOrder({
    ledger,
    logger: silentLogger,
    now: Date.now,
    retentionHours: undefined,
    conversationKey: 'whatsapp:1:229',
    messages: ['a', 'b', 'c'].map((message, index) => ({ key: `wamid.1:${index}`, message })),
    send: async (message, key) => {
      delivered.push(message);
      return outcomes[key] ?? { kind: 'sent', platformId: `p-${message}`, attempts: 1 };
    },
    label: 'Test',
  });
}

describe('sendInOrder', () => {
  it('goes on after an uncertain message, stops at a failed one, and on a second processing sends only what certainly did not go', async () => {
    const ledger = new MemoryLedger();
    const first: string[] = [];
    const report = await run(
      ledger,
      { 'wamid.1:0': { kind: 'uncertain', attempts: 1, error: 'timeout' }, 'wamid.1:1': { kind: 'failed', attempts: 3, error: '503', failure: 'down', log: {} } },
      first,
    );
    expect(first).toEqual(['a', 'b']);
    expect(report).toEqual({ outcome: 'failed', sent: 0, alreadySent: 0, failure: 'down' });
    expect((await ledger.getOutbound('wamid.1:0'))?.state).toBe('uncertain');

    const second: string[] = [];
    expect(await run(ledger, {}, second)).toEqual({ outcome: 'replied', sent: 2, alreadySent: 1 });
    // The uncertain one may have reached the subscriber: never sent twice.
    expect(second).toEqual(['b', 'c']);
    expect((await ledger.getOutbound('wamid.1:2'))?.platformId).toBe('p-c');
  });
});
