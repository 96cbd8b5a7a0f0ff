import { describe, expect, it } from 'vitest';
import { createInbox } from './createInbox.ts';
import { MemoryLedger } from './MemoryLedger.ts';
import { silentLogger } from '../channel/ChannelLogger.ts';

describe('createInbox', () => {
  it("tries a failing message the channel's number of times, telling the last attempt so, and gives it up", async () => {
    const ledger = new MemoryLedger();
    const attempts: { number: number; last: boolean }[] = [];
    const { queue, inbox } = createInbox(
      'whatsapp',
      { ledger, inbox: { maxAttempts: 2, backoff: { baseMs: 1, maxMs: 1 }, owner: 'instance-a' } },
      {
        onQueueError: () => {},
        process: async (_record, attempt) => {
          attempts.push({ number: attempt.number, last: attempt.last });
          throw new Error('Graph API down');
        },
        logger: silentLogger,
      },
    );
    expect(inbox.owner).toBe('instance-a');
    expect(await inbox.record([{ id: 'whatsapp:wamid.1', channel: 'whatsapp', conversationKey: 'whatsapp:1:229', payload: { text: 'hi' } }])).toEqual([true]);
    await queue.idle();
    await inbox.close();
    expect(attempts).toEqual([
      { number: 1, last: false },
      { number: 2, last: true },
    ]);
  });

  it('bounds the queue at the channel’s maxPending, so a flood is answered busy', () => {
    const { queue } = createInbox('sms', { ledger: new MemoryLedger(), maxPending: 1 }, { onQueueError: () => {}, process: async () => {}, logger: silentLogger });
    let release = () => {};
    expect(queue.tryRun('sms:1919:229', () => new Promise<void>((resolve) => (release = resolve)))).toBe(true);
    expect(queue.tryRun('sms:1919:228', async () => {})).toBe(false);
    release();
  });

  it('keeps 5 attempts by default', async () => {
    const attempts: boolean[] = [];
    const { queue, inbox } = createInbox(
      'telegram',
      { ledger: new MemoryLedger(), inbox: { backoff: { baseMs: 1, maxMs: 1 } } },
      {
        onQueueError: () => {},
        process: async (_record, attempt) => {
          attempts.push(attempt.last);
          if (!attempt.last) throw new Error('down');
        },
        logger: silentLogger,
      },
    );
    await inbox.record([{ id: 'telegram:1', channel: 'telegram', conversationKey: 'telegram:1:2', payload: { text: 'hi' } }]);
    await queue.idle();
    await inbox.close();
    expect(attempts).toEqual([false, false, false, false, true]);
  });
});
