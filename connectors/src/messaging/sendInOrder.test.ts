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

  it('with recordsAtWire, records a key only when the sender says the message leaves: one held back and never sent is sent next time', async () => {
    const ledger = new MemoryLedger();
    const recorded: (string | undefined)[] = [];
    const send = (leaves: (key: string) => boolean) =>
      sendInOrder({
        ledger,
        logger: silentLogger,
        now: Date.now,
        retentionHours: undefined,
        conversationKey: 'sms:1919:229',
        messages: ['a', 'b'].map((message, index) => ({ key: `sm.1:${index}`, message })),
        recordsAtWire: true,
        send: async (_message, key, atWire): Promise<SendOutcome<string>> => {
          if (!leaves(key)) return { kind: 'failed', attempts: 1, error: 'the link closed first', failure: 'closed', log: {} };
          // Twice (a concatenated SMS's parts): recorded once.
          await Promise.all([atWire(), atWire()]);
          recorded.push((await ledger.getOutbound(key))?.state);
          return { kind: 'sent', platformId: key, attempts: 1 };
        },
        label: 'Test',
      });
    expect(await send((key) => key !== 'sm.1:1')).toMatchObject({ outcome: 'failed', sent: 1, failure: 'closed' });
    // `uncertain` before it left; the one that never left is `failed` (sent next time), not `uncertain` (never again).
    expect(recorded).toEqual(['uncertain']);
    expect((await ledger.getOutbound('sm.1:1'))?.state).toBe('failed');
    expect(await send(() => true)).toEqual({ outcome: 'replied', sent: 1, alreadySent: 1 });
  });

  it('sends what a message recorded earlier still lacks when the sender says it is unfinished', async () => {
    const ledger = new MemoryLedger();
    const at = new Date().toISOString();
    await ledger.putOutbound({ key: 'sm.2:0', conversationKey: 'sms:1919:229', state: 'uncertain', attempts: 1, updatedAt: at, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const sent: string[] = [];
    const report = await sendInOrder({
      ledger,
      logger: silentLogger,
      now: Date.now,
      retentionHours: undefined,
      conversationKey: 'sms:1919:229',
      messages: [{ key: 'sm.2:0', message: 'part 2 of 2' }],
      unfinished: async () => true,
      send: async (message): Promise<SendOutcome<string>> => {
        sent.push(message);
        return { kind: 'sent', platformId: 'x', attempts: 1 };
      },
      label: 'Test',
    });
    expect(sent).toEqual(['part 2 of 2']);
    expect(report).toEqual({ outcome: 'replied', sent: 1, alreadySent: 0 });
  });

  it('sends a key once when two sends of it run at the same time in one process (callers outside one queue), recording one as already sent', async () => {
    const ledger = new MemoryLedger();
    const delivered: string[] = [];
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const open = () =>
      sendInOrder({
        ledger,
        logger: silentLogger,
        now: Date.now,
        retentionHours: undefined,
        conversationKey: 'whatsapp:1:229',
        messages: [{ key: 'open:contact-1:template', message: 'template' }],
        // The platform answers only once both sends have started: each had its chance to look the key up.
        send: async (message): Promise<SendOutcome<string>> => {
          delivered.push(message);
          await answered;
          return { kind: 'sent', platformId: 'wamid.1', attempts: 1 };
        },
        label: 'Test',
      });
    const both = Promise.all([open(), open()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer();
    const reports = await both;
    expect(delivered).toEqual(['template']);
    expect(reports.map((r) => r.sent + r.alreadySent)).toEqual([1, 1]);
    expect(reports.map((r) => r.alreadySent).sort()).toEqual([0, 1]);
  });
});
