import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { createSms, type Sms } from './createSms.ts';
import type { SmsProcessedEvent } from './SmsChannel.ts';
import { readSmsConfig } from './smsConfig.ts';
import { smsStatusId } from './SmsSender.ts';
import { FakeSmsc, type FakeSmscOptions } from './testing/fakeSmsc.ts';

const SHORT_CODE = '1919';
const SUBSCRIBER = '22901970000';
const CREDENTIALS = { systemId: 'griot', password: 'secret12' };
const fast = { baseMs: 20, maxMs: 100, jitter: 0 };

interface Harness {
  smsc: FakeSmsc;
  sms: Sms;
  port: InterpreterPort;
  ledger: MessagingLedger;
  processed: SmsProcessedEvent[];
  /** What the subscriber's handset shows, as texts. */
  shown: (to?: string) => string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(
  options: {
    flow?: Flow;
    env?: Record<string, string>;
    ledger?: MessagingLedger;
    smsc?: Partial<FakeSmscOptions>;
    password?: string;
    bound?: boolean;
    now?: () => number;
    logger?: ChannelLogger;
  } = {},
): Promise<Harness> {
  const smsc = await FakeSmsc.start({ ...CREDENTIALS, receiptAfterMs: null, moIds: true, ...options.smsc });
  const flow = options.flow ?? menuFlow(3);
  const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'sms-1919', channel: 'sms', address: SHORT_CODE, flowId: flow.id });
  const ledger = options.ledger ?? new MemoryLedger();
  const processed: SmsProcessedEvent[] = [];
  const config = readSmsConfig({
    SMPP_URL: smsc.url,
    SMPP_SYSTEM_ID: CREDENTIALS.systemId,
    SMPP_PASSWORD: options.password ?? CREDENTIALS.password,
    SMPP_RESPONSE_TIMEOUT_SECONDS: '2',
    ...options.env,
  });
  const sms = createSms({
    port,
    bindings: port,
    ledger,
    config: { ...config, smsc: config.smsc! },
    defaultInactivityMinutes: 30,
    onProcessed: (event) => processed.push(event),
    inbox: { backoff: fast },
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    reconnect: fast,
    throttle: { baseMs: 10, maxMs: 50, jitter: 0 },
    partsWaitMs: 1_000,
  });
  sms.start();
  cleanups.push(async () => {
    await sms.close(500);
    await smsc.close();
  });
  if (options.bound !== false) expect(await sms.link.waitBound(5_000)).toBe(true);
  return { smsc, sms, port, ledger, processed, shown: (to = SUBSCRIBER) => smsc.handset(to).map((m) => m.text) };
}

const LANGUAGE_MENU = 'Pour le français, tapez 1.\n\nFor English, press 2.\n\n1. Français\n2. English';
const until = (check: () => boolean | Promise<boolean>, timeout = 5_000) => expect.poll(check, { timeout, interval: 10 }).toBe(true);
const hello = (text = 'Bonjour', from = SUBSCRIBER) => ({ from, to: SHORT_CODE, text });

describe('SMS over SMPP', () => {
  it('a bind with a wrong password is refused by the SMSC: Griot stays unbound and tries again later', async () => {
    const { smsc, sms } = await harness({ password: 'wrong', bound: false });
    // Waits for Griot to have read two refusals (the SMSC records a bind before its answer reaches Griot).
    await until(() => sms.link.stats.bindRefusals >= 2);
    expect(smsc.binds.length).toBeGreaterThanOrEqual(2);
    expect(smsc.binds.every((b) => b.status === 0x0e)).toBe(true); // ESME_RINVPASWD
    expect(sms.link.state).not.toBe('bound');
  });

  it('"Bonjour" to 1919 gets the numbered menu, and "1" picks its first option', async () => {
    const { smsc, shown } = await harness();
    expect(await smsc.deliver(hello())).toBe(0);
    await until(() => shown().length === 1);
    expect(shown()[0]).toBe(LANGUAGE_MENU);
    await smsc.deliver(hello('1'));
    await until(() => shown().length === 2);
    expect(shown()[1]).toBe('Que voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller');
    // Answered from the short code, to the subscriber as an international number.
    expect(new Set(smsc.submitted.map((p) => `${p.from}>${p.to}:${p.toTon}`))).toEqual(new Set([`${SHORT_CODE}>${SUBSCRIBER}:1`]));
    // "français" has a ç, outside GSM 03.38 (which has Ç only): UCS-2; the main menu fits GSM.
    expect(smsc.handset(SUBSCRIBER).map((m) => [m.dataCoding, m.parts.length])).toEqual([
      [8, 2],
      [0, 1],
    ]);
  });

  it('a store failing under SMS turns is said by its cause code once, counted, and the contact ends as storeUnavailable (was a line per subscriber, internalError)', async () => {
    const lines: { level: string; details: Record<string, unknown>; message?: string }[] = [];
    const at = (level: string) => (details: object, message?: string) => void lines.push({ level, details: details as Record<string, unknown>, message });
    const { smsc, port, shown } = await harness({ env: { SMPP_MAX_ATTEMPTS: '1' }, logger: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } });
    const counted: string[] = [];
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    (port as { storeFailure?: (error: unknown, channel: string) => string | undefined }).storeFailure = (error, channel) => {
      if ((error as { code?: unknown }).code !== 'SQLITE_FULL') return undefined;
      counted.push(channel);
      return 'SQLITE_FULL';
    };
    const ends: unknown[] = [];
    const end = port.end.bind(port);
    // The channel ends with the port's `EndOptions` (the cause); this test port takes the reason only.
    (port as { end: (key: string, reason?: string, options?: { cause?: string }) => Promise<void> }).end = async (key, reason, options) => {
      ends.push([reason, options?.cause]);
      return end(key, reason);
    };
    port.start = async () => {
      throw full;
    };
    const subscribers = ['22901970000', '22901970001', '22901970002'];
    for (const from of subscribers) await smsc.deliver(hello('Bonjour', from));
    await until(() => subscribers.every((to) => shown(to).length === 1));
    expect(counted).toEqual(['sms', 'sms', 'sms']);
    expect(ends).toEqual(subscribers.map(() => ['error', 'storeUnavailable']));
    // The turn's failure once for the three (the inbox still lists each message given up on, by its ref).
    const said = lines.filter((l) => l.message?.startsWith('SMS turn failed'));
    expect(said).toHaveLength(1);
    expect(said[0]?.details).toMatchObject({ channel: 'sms', reason: 'SQLITE_FULL', cause: 'storeUnavailable' });
    expect(JSON.stringify(lines)).not.toContain('2290197000');
  });

  it('an alphanumeric sender id spelling a phone number is nobody’s number; a numeric sender is theirs', async () => {
    const { smsc, port } = await harness();
    await smsc.deliver({ from: '2290197000001', fromTon: 5, to: SHORT_CODE, text: 'Bonjour' });
    await smsc.deliver(hello());
    await until(() => port.sessions.has(`sms:${SHORT_CODE}:2290197000001~5`) && port.sessions.has(`sms:${SHORT_CODE}:${SUBSCRIBER}`));
    // Given to the engine as the channel's address of the sender, which reads no number in it.
    expect(port.sessions.get(`sms:${SHORT_CODE}:2290197000001~5`)?.caller.number).toBe('2290197000001~5');
    expect(port.sessions.get(`sms:${SHORT_CODE}:${SUBSCRIBER}`)?.caller.number).toBe(`+${SUBSCRIBER}`);
  });

  it('sends GSM 03.38 when the text fits it (é, è, à, €), UCS-2 when it does not (ê, ô, «»)', async () => {
    const { smsc, sms } = await harness();
    const key = `sms:${SHORT_CODE}:${SUBSCRIBER}`;
    await sms.channel.sendOutOfTurn(key, { text: 'Votre numéro a été activé à 10 €.' }, 'gsm');
    await sms.channel.sendOutOfTurn(key, { text: 'Vous êtes « bientôt » servi.' }, 'ucs2');
    expect(smsc.submitted.map((p) => [p.dataCoding, p.text])).toEqual([
      [0, 'Votre numéro a été activé à 10 €.'],
      [8, 'Vous êtes « bientôt » servi.'],
    ]);
  });

  it('a long text goes as one concatenated SMS (UDH, 153 GSM / 67 UCS-2 characters a part) the handset shows whole', async () => {
    const { smsc, sms } = await harness();
    const key = `sms:${SHORT_CODE}:${SUBSCRIBER}`;
    const gsm = Array.from({ length: 8 }, (_, i) => `Article ${i + 1} : le service 1919 répond sans frais.`).join(' ');
    const ucs2 = `Vous êtes bien au 1919. ${gsm}`;
    await sms.channel.sendOutOfTurn(key, { text: gsm }, 'long-gsm');
    await sms.channel.sendOutOfTurn(key, { text: ucs2 }, 'long-ucs2');
    const [first, second] = smsc.handset(SUBSCRIBER);
    expect(first?.text).toBe(gsm);
    expect(first?.parts.map((p) => [p.esmClass, p.dataCoding, p.concat?.seq, p.concat?.total])).toEqual([
      [0x40, 0, 1, 3],
      [0x40, 0, 2, 3],
      [0x40, 0, 3, 3],
    ]);
    expect(first?.parts.slice(0, -1).every((p) => p.text.length === 153)).toBe(true);
    expect(second?.text).toBe(ucs2);
    expect(second?.parts.every((p) => p.dataCoding === 8 && p.esmClass === 0x40 && p.text.length <= 67)).toBe(true);
    expect(second?.parts).toHaveLength(Math.ceil(ucs2.length / 67));
  });

  it("records delivery receipts: the part's status, and the reply's outbound record", async () => {
    const { smsc, sms, ledger } = await harness({ smsc: { receiptAfterMs: 10 } });
    await sms.channel.sendOutOfTurn(`sms:${SHORT_CODE}:${SUBSCRIBER}`, { text: 'Votre code est prêt.' }, 'cause-1');
    const [part] = smsc.submitted;
    expect(part?.registeredDelivery).toBe(1);
    await until(async () => (await ledger.getStatus(smsStatusId(part!.messageId)))?.status === 'delivered');
    expect(await ledger.getStatus(smsStatusId(part!.messageId))).toMatchObject({ status: 'delivered', outboundKey: 'cause-1:0' });
    expect(await ledger.getOutbound('cause-1:0')).toMatchObject({ state: 'sent', platformId: part!.messageId });

    // A failure report says so on the outbound record.
    await sms.channel.sendOutOfTurn(`sms:${SHORT_CODE}:${SUBSCRIBER}`, { text: 'Encore un.' }, 'cause-2');
    const second = smsc.submitted[1]!;
    await until(async () => (await ledger.getStatus(smsStatusId(second.messageId)))?.status === 'delivered');
    smsc.sendReceipt(second.messageId, 'UNDELIV');
    await until(async () => (await ledger.getStatus(smsStatusId(second.messageId)))?.status === 'failed');
    expect((await ledger.getOutbound('cause-2:0'))?.error).toBe('not delivered: UNDELIV (err 001)');
  });

  it('records a receipt the SMSC sends before its answer to the submit on the reply it is about', async () => {
    const { smsc, sms, ledger } = await harness({ smsc: { receiptBeforeAnswer: 'UNDELIV' } });
    await sms.channel.sendOutOfTurn(`sms:${SHORT_CODE}:${SUBSCRIBER}`, { text: 'Votre code est prêt.' }, 'cause-1');
    const [part] = smsc.submitted;
    await until(async () => (await ledger.getStatus(smsStatusId(part!.messageId)))?.outboundKey === 'cause-1:0');
    expect(await ledger.getStatus(smsStatusId(part!.messageId))).toMatchObject({ status: 'failed' });
    // What an agent or the operator reads of the reply: it did not reach the subscriber.
    expect(await ledger.getOutbound('cause-1:0')).toMatchObject({ state: 'sent', platformId: part!.messageId, error: 'not delivered: UNDELIV (err 001)' });
  });

  it('logs an undelivered reply to a subscriber’s SMS without the subscriber’s number', async () => {
    const lines: string[] = [];
    const record = (details: object, message?: string) => lines.push(JSON.stringify([details, message]));
    const { smsc, ledger, shown } = await harness({ smsc: { receiptAfterMs: null }, logger: { info: record, warn: record, error: record, debug: record } });
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    const replyParts = smsc.submitted.length;
    // Each part recorded as sent under the reply's key before its receipt comes.
    await until(async () => (await Promise.all(smsc.submitted.map((p) => ledger.getStatus(smsStatusId(p.messageId))))).every((s) => s?.outboundKey !== undefined));
    for (const part of smsc.submitted) smsc.sendReceipt(part.messageId, 'UNDELIV');
    await until(async () => (await Promise.all(smsc.submitted.map((p) => ledger.getStatus(smsStatusId(p.messageId))))).every((s) => s?.status === 'failed'));
    await until(() => lines.filter((line) => line.includes('the SMSC reports an SMS undelivered')).length === replyParts);
    expect(lines.join('\n')).not.toContain(SUBSCRIBER);
  });

  it('keeps the bind alive with enquire_link, and binds again when the SMSC stops answering them', async () => {
    const { smsc, sms, shown } = await harness({ env: { SMPP_ENQUIRE_LINK_SECONDS: '1', SMPP_RESPONSE_TIMEOUT_SECONDS: '1' } });
    await until(() => sms.link.stats.enquireLinks >= 1, 3_000);
    expect(smsc.counts.enquireLinks).toBeGreaterThanOrEqual(1);
    smsc.answerEnquireLinks(false);
    await until(() => sms.link.stats.disconnects >= 1, 5_000);
    smsc.answerEnquireLinks(true);
    await until(() => sms.link.state === 'bound' && sms.link.stats.binds >= 2, 5_000);
    // And it still answers.
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
  });

  it('binds again after the SMSC unbinds (maintenance)', async () => {
    const { smsc, sms } = await harness();
    smsc.unbindAll();
    await until(() => sms.link.stats.binds >= 2 && sms.link.state === 'bound');
  });

  it('waits and sends again when the SMSC throttles (ESME_RTHROTTLED), nothing lost or doubled', async () => {
    const { smsc, sms } = await harness();
    smsc.throttle(3);
    const key = `sms:${SHORT_CODE}:${SUBSCRIBER}`;
    await Promise.all(['un', 'deux', 'trois', 'quatre'].map((text, i) => sms.channel.sendOutOfTurn(key, { text }, `t${i}`)));
    expect(sms.link.stats.throttled).toBe(3);
    expect(smsc.submitted.map((p) => p.text)).toEqual(['un', 'deux', 'trois', 'quatre']);
  });

  it('across a forced SMSC disconnect nothing is lost and nothing doubled', async () => {
    const { smsc, sms, processed } = await harness();
    const subscribers = Array.from({ length: 12 }, (_, i) => `2290197${String(i).padStart(4, '0')}`);
    smsc.setLatency(300);
    const delivered = subscribers.map((from) => smsc.deliver(hello('Bonjour', from)));
    // Some replies are on the wire, unanswered: the SMSC drops every link now.
    await until(() => sms.link.outstanding > 0);
    smsc.dropLinks();
    smsc.setLatency(0);
    await Promise.all(delivered);
    await until(() => subscribers.every((to) => smsc.handset(to).length >= 1), 10_000);
    await sms.channel.queue.idle();
    for (const to of subscribers) expect(smsc.handset(to).map((m) => m.text)).toEqual([LANGUAGE_MENU]);
    expect(processed).toHaveLength(subscribers.length);
    expect(sms.link.stats.disconnects).toBe(1);
    // Replies were on the wire when the links dropped: sent again after the new bind, once each.
    expect(sms.link.stats.resent).toBeGreaterThan(0);
    // "français" has a ç, outside GSM 03.38: the language menu goes as UCS-2, in two parts.
    expect(smsc.submitted).toHaveLength(2 * subscribers.length);
  });

  it('answers a deliver_sm only once the SMS is recorded: when recording fails, the SMSC delivers it again', async () => {
    let failures = 2;
    const ledger = new MemoryLedger();
    const flaky: MessagingLedger = Object.assign(Object.create(ledger) as MessagingLedger, {
      recordInbound: (messages: Parameters<MessagingLedger['recordInbound']>[0]) => (failures-- > 0 ? Promise.reject(new Error('store down')) : ledger.recordInbound(messages)),
    });
    const { smsc, shown } = await harness({ ledger: flaky });
    expect(await smsc.deliver(hello())).toBe(0);
    expect(smsc.answers()[0]).toEqual([0x64, 0x64, 0]);
    await until(() => shown().length === 1);
  });

  it('an SMS the SMSC delivers again (same SMSC id) is answered once', async () => {
    const { smsc, shown, processed } = await harness();
    await smsc.deliver({ ...hello(), smscMessageId: 'mo-42' });
    await until(() => shown().length === 1);
    await smsc.deliver({ ...hello(), smscMessageId: 'mo-42' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(shown()).toHaveLength(1);
    expect(processed).toHaveLength(1);
  });

  it('without an SMSC id, "1" typed twice is processed twice (never swallowed as a duplicate)', async () => {
    const { smsc, shown } = await harness({ smsc: { moIds: false } });
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    await smsc.deliver(hello('1'));
    await until(() => shown().length === 2);
    await smsc.deliver(hello('1'));
    await until(() => shown().length === 3);
    expect(shown()[2]).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller');
  });

  it("joins a subscriber's long SMS sent in parts, and answers none of them before the whole is recorded", async () => {
    const { smsc, port, shown } = await harness();
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    const first = smsc.deliver({ ...hello('cons'), part: { ref: 7, total: 2, seq: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smsc.unacknowledged).toBe(1);
    await smsc.deliver({ ...hello('eiller'), part: { ref: 7, total: 2, seq: 2 } });
    expect(await first).toBe(0);
    await until(() => port.calls.some((c) => c.event?.type === 'text' && c.event.text === 'conseiller'));
  });

  it('starts a new contact for an SMS after the inactivity timeout, like a chat', async () => {
    let clock = Date.parse('2026-11-30T10:00:00Z');
    const { smsc, port, shown } = await harness({ now: () => clock, ledger: new MemoryLedger(() => clock) });
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    await smsc.deliver(hello('1'));
    await until(() => shown().length === 2);
    // 31 minutes later (the default is 30): "2" is not an answer to a menu long gone, it opens a new contact.
    clock += 31 * 60_000;
    await smsc.deliver(hello('2'));
    await until(() => shown().length === 3);
    expect(port.calls.map((c) => c.op)).toEqual(['handle', 'start', 'handle', 'end', 'start']);
    // A new contact from the start of the flow; the subscriber's French is remembered, so the main menu.
    expect(shown()[2]).toBe('Que voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller');
  });

  it('« STOP » ends the contact with one SMS saying so, in the subscriber’s language, instead of « invalid choice » and the menu again', async () => {
    const { smsc, port, shown, processed } = await harness();
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    await smsc.deliver(hello('1'));
    await until(() => shown().length === 2);
    await smsc.deliver(hello('STOP'));
    await until(() => shown().length === 3);
    expect(shown()[2]).toBe("C'est noté : la conversation est terminée. Ecrivez-nous quand vous voulez pour recommencer.");
    // One SMS in GSM 03.38, the flow never read it, the contact ended.
    expect(smsc.handset(SUBSCRIBER)[2]).toMatchObject({ dataCoding: 0, parts: [expect.anything()] });
    expect(port.calls.at(-1)).toMatchObject({ op: 'end', reason: 'stopped' });
    expect(port.calls.filter((c) => c.op === 'handle')).toHaveLength(2);
    // « Arrêt. » too, however written; and the next SMS starts a new contact (French remembered: the main menu).
    await smsc.deliver(hello('Bonjour'));
    await until(() => shown().length === 4);
    expect(shown()[3]).toBe('Que voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller');
    await smsc.deliver(hello(' arrêt. '));
    await until(() => shown().length === 5);
    expect(shown()[4]).toMatch(/^C'est noté : la conversation est terminée\./);
    await until(() => processed.length === 5);
    expect(processed.map((p) => p.outcome)).toEqual(['turn', 'turn', 'stopped', 'turn', 'stopped']);
  });

  it('« un » then « deux » written in words pick options 1 and 2, as « 1 » and « 2 » would', async () => {
    const { smsc, shown } = await harness();
    await smsc.deliver(hello());
    await until(() => shown().length === 1);
    await smsc.deliver(hello('un'));
    await until(() => shown().length === 2);
    expect(shown()[1]).toBe('Que voulez-vous faire ?\n\n1. Solde\n2. Code PUK\n3. Conseiller');
    await smsc.deliver(hello('Deux'));
    await until(() => shown().length === 3);
    expect(shown()[2]).toMatch(/^Vous avez choisi Code PUK\./);
  });

  it('« STOP » to a short code without a binding is left unanswered', async () => {
    const { smsc, processed } = await harness();
    expect(await smsc.deliver({ from: SUBSCRIBER, to: '4040', text: 'STOP' })).toBe(0);
    await until(() => processed.length === 1);
    expect(processed[0]?.outcome).toBe('noBinding');
    expect(smsc.submitted).toEqual([]);
  });

  it('leaves an SMS to a short code without a binding unanswered (acknowledged, nothing sent)', async () => {
    const { smsc, processed } = await harness();
    expect(await smsc.deliver({ from: SUBSCRIBER, to: '4040', text: 'Bonjour' })).toBe(0);
    await until(() => processed.length === 1);
    expect(processed[0]?.outcome).toBe('noBinding');
    expect(smsc.submitted).toEqual([]);
  });
});

describe('SMS: each subscriber has a fair share of the queue', () => {
  it('answers a subscriber past their share ESME_RMSGQFUL (the SMSC delivers again) while another still gets in', async () => {
    const { smsc, shown, processed } = await harness({ env: { SMPP_MAX_PENDING: '5', SMPP_MAX_PENDING_PER_SENDER: '3' } });
    const looping = '22901970666';
    // The SMSC answers submits late: the looping subscriber's first reply holds their queue, the next SMS wait behind it.
    smsc.setLatency(1_500);
    const flood = Array.from({ length: 6 }, (_, i) => smsc.deliver(hello(`boucle ${i}`, looping)));
    await until(() => smsc.answers().every((statuses) => statuses.length > 0));
    expect(smsc.answers().map((statuses) => statuses[0])).toEqual([0, 0, 0, 0x14, 0x14, 0x14]); // ESME_RMSGQFUL
    expect(await smsc.deliver(hello())).toBe(0);
    smsc.setLatency(0);
    await until(() => shown().length === 1);
    expect(shown()[0]).toBe(LANGUAGE_MENU);
    // What was refused was delivered again by the SMSC, and taken once there was room: nothing lost.
    expect(await Promise.all(flood)).toEqual([0, 0, 0, 0, 0, 0]);
    await until(() => processed.filter((e) => e.message.from === looping).length === 6, 10_000);
  });
});
