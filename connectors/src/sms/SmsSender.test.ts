import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { SlowCommitLedger } from '../messaging/testing/SlowCommitLedger.ts';
import { SmppLink } from './SmppLink.ts';
import { SmsSender, type SmsBatch } from './SmsSender.ts';
import { FakeSmsc } from './testing/fakeSmsc.ts';
import { toSubmitSms } from './toSubmitSms.ts';

const CREDENTIALS = { systemId: 'griot', password: 'secret12' };
const SUBSCRIBER = '22901970000';
// "français": UCS-2, two parts of a concatenated SMS.
const MENU = 'Pour le français, tapez 1.\n\nFor English, press 2.\n\n1. Français\n2. English';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bound(ledger: MemoryLedger) {
  const smsc = await FakeSmsc.start({ ...CREDENTIALS, receiptAfterMs: null });
  const link = new SmppLink({
    host: '127.0.0.1',
    port: smsc.port,
    tls: false,
    ...CREDENTIALS,
    systemType: '',
    enquireLinkMs: 30_000,
    responseTimeoutMs: 2_000,
    window: 10,
    maxSubmitsPerSecond: 0,
    onDeliver: async () => 0,
  });
  link.start();
  cleanups.push(async () => {
    await link.close();
    await smsc.close();
  });
  expect(await link.waitBound(5_000)).toBe(true);
  const sender = new SmsSender({ link, ledger, source: { ton: 0, npi: 0 }, deliveryReceipts: false });
  return { smsc, link, sender };
}

const batch = (texts: string[]): SmsBatch => ({ shortCode: '1919', to: SUBSCRIBER, conversationKey: `sms:1919:${SUBSCRIBER}`, causeId: 'hello', texts });

describe('SmsSender across a crash', () => {
  it('no part reaches the SMSC before the ledger holds the record that it may have gone', async () => {
    const ledger = new SlowCommitLedger();
    const { smsc, sender } = await bound(ledger);
    const sending = sender.send(batch([MENU]));
    await expect.poll(() => ledger.uncommitted, { timeout: 5_000, interval: 5 }).toBeGreaterThan(0);
    // A process killed now must find a record of whatever the SMSC has: so the SMSC has nothing yet.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smsc.counts.submitsReceived).toBe(0);
    ledger.commit();
    await expect.poll(() => smsc.counts.submitsReceived, { timeout: 5_000, interval: 5 }).toBe(2);
    // Every part was recorded `uncertain` before it went (the reply, and each part of the concatenated SMS).
    expect(await ledger.getOutbound('hello:0')).toMatchObject({ state: 'uncertain' });
    expect(await ledger.getOutbound('hello:0#1/2')).toMatchObject({ state: 'uncertain' });
    expect(await ledger.getOutbound('hello:0#2/2')).toMatchObject({ state: 'uncertain' });
    const committing = setInterval(() => ledger.commit(), 5);
    try {
      expect(await sending).toMatchObject({ sent: 1, parts: 2 });
    } finally {
      clearInterval(committing);
    }
    expect(await ledger.getOutbound('hello:0')).toMatchObject({ state: 'sent' });
    expect(smsc.handset(SUBSCRIBER).map((m) => m.text)).toEqual([MENU]);
  });

  it('after a crash that left part 1 of 2 with the SMSC, the next process sends part 2 only, and the handset shows the reply once, whole', async () => {
    const ledger = new MemoryLedger();
    const { smsc, link, sender } = await bound(ledger);
    // The process that died: the reply and its first part recorded `uncertain`, part 1 with the SMSC.
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const updatedAt = new Date().toISOString();
    for (const key of ['hello:0', 'hello:0#1/2']) await ledger.putOutbound({ key, conversationKey: `sms:1919:${SUBSCRIBER}`, state: 'uncertain', attempts: 1, updatedAt, expiresAt });
    const [first] = toSubmitSms(MENU, { source: { addr: '1919', ton: 0, npi: 0 }, to: SUBSCRIBER, registeredDelivery: false }, 'hello:0');
    await link.submit(first!);

    expect(await sender.send(batch([MENU, 'Bienvenue sur le 1919.']))).toEqual({ sent: 2, alreadySent: 0, parts: 2 });
    expect(smsc.handset(SUBSCRIBER).map((m) => m.text)).toEqual([MENU, 'Bienvenue sur le 1919.']);
    // Once more (the inbox retrying the turn): nothing goes.
    expect(await sender.send(batch([MENU, 'Bienvenue sur le 1919.']))).toEqual({ sent: 0, alreadySent: 2, parts: 0 });
    expect(smsc.submitted).toHaveLength(3);
  });

  it('a single SMS recorded `uncertain` (it may have gone) is not sent again; one recorded `failed` is', async () => {
    const ledger = new MemoryLedger();
    const { smsc, sender } = await bound(ledger);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const updatedAt = new Date().toISOString();
    await ledger.putOutbound({ key: 'hello:0', conversationKey: `sms:1919:${SUBSCRIBER}`, state: 'uncertain', attempts: 1, updatedAt, expiresAt });
    await ledger.putOutbound({ key: 'hello:1', conversationKey: `sms:1919:${SUBSCRIBER}`, state: 'failed', attempts: 1, updatedAt, expiresAt });
    expect(await sender.send(batch(['Bonjour.', 'Au revoir.']))).toEqual({ sent: 1, alreadySent: 1, parts: 1 });
    expect(smsc.handset(SUBSCRIBER).map((m) => m.text)).toEqual(['Au revoir.']);
  });
});

describe('SmsSender logs', () => {
  it('a reply that could not be sent is logged without the subscriber’s number (its key begins with their SMS’s)', async () => {
    const lines: string[] = [];
    const record = (details: object, message?: string) => lines.push(JSON.stringify([details, message]));
    const logger: ChannelLogger = { info: record, warn: record, error: record, debug: record };
    const ledger = new MemoryLedger();
    const { link } = await bound(ledger);
    const sender = new SmsSender({ link, ledger, source: { ton: 0, npi: 0 }, deliveryReceipts: false, logger });
    await link.close();
    // The id a subscriber's SMS is recorded under (moDedupeKey): short code, sender, the SMSC's id.
    await expect(sender.send({ ...batch(['Bonjour']), causeId: `1919:${SUBSCRIBER}:mo1` })).rejects.toThrow();
    expect(lines.join('\n')).toContain('SMS send failed');
    expect(lines.join('\n')).not.toContain(SUBSCRIBER);
  });
});
