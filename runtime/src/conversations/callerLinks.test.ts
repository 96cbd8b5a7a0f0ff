import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Flow, type Channel, type Effect } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import { CallerRecords } from '../callers/CallerRecords.ts';
import type { TurnOutput, TurnResult } from './types.ts';
import { captureLogs, movableClock, openTestStore, publishFlow, selfCareFlow, startOperatorBackend, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

const NUMBER = '+2290197000001';
const TG = 'telegram:5550000001';
const says = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));
const ok = (result: TurnResult): TurnOutput => {
  if (result.status === 'missing') throw new Error('the session is missing');
  return result;
};

/** A phone question that links callers, then the menu of the self-care flow's kind. */
const linkingFlow = () =>
  Flow.parse({
    schemaVersion: 2,
    id: 'linking',
    name: 'Linking',
    locales: [
      { code: 'fr', name: 'Français', tts: null, asr: null },
      { code: 'en', name: 'English', tts: null, asr: null },
    ],
    variables: [
      { name: 'phone', type: 'string' },
      { name: 'plan', type: 'string', persist: true },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'language',
        type: 'language',
        skipIfKnown: true,
        prompt: { fr: { text: 'Tapez 1 pour le français.' }, en: { text: 'Press 2 for English.' } },
        options: [
          { locale: 'fr', key: '1' },
          { locale: 'en', key: '2' },
        ],
      },
      { id: 'ask', type: 'input', kind: 'phone', variable: 'phone', prompt: { fr: { text: 'Votre numéro ?' }, en: { text: 'Your number?' } }, linkCaller: true },
      { id: 'bye', type: 'end', reason: 'served', prompt: { fr: { text: 'Merci.' }, en: { text: 'Thank you.' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'language' },
      { id: 'e2', source: 'language', output: 'next', target: 'ask' },
      { id: 'e3', source: 'ask', output: 'ok', target: 'bye' },
      { id: 'e4', source: 'ask', output: 'noInput', target: 'bye' },
      { id: 'e5', source: 'ask', output: 'invalid', target: 'bye' },
    ],
    settings: { phoneRegion: 'BJ' },
  });

let backend: OperatorBackend;
let dir: string;
let store: Store;
let service: ConversationService;
let clock: ReturnType<typeof movableClock>;

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(() => backend.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-links-'));
  store = await openTestStore(dir);
  clock = movableClock();
  service = new ConversationService({
    metrics: uncountedStoreFailures,
    store,
    logger: captureLogs().logger,
    clock: clock.now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
  });
  await publishFlow(store, selfCareFlow());
  await publishFlow(store, linkingFlow());
});
afterEach(async () => {
  await service.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (key: string, channel: Channel, callerNumber: string, flowId = 'selfcare', extra: { sharedNumber?: string } = {}) =>
  service.start({ key, channel, flow: { flowId, source: 'production' }, callerNumber, preview: false, ...extra });

describe('callers known by a platform id', () => {
  it('remembers a Telegram user under their platform id, never as a phone number', async () => {
    // Digits that would make a valid Beninese number: still a Telegram id.
    const id = 'telegram:2290197000001';
    await start('telegram:1:2290197000001', 'telegram', id);
    await service.handle('telegram:1:2290197000001', { type: 'digits', digits: '2' });
    await service.end('telegram:1:2290197000001', 'inactivity');
    expect(await store.getCaller(id)).toMatchObject({ number: id, preferredLocale: 'en', lastChannel: 'telegram' });
    expect(await store.getCaller(NUMBER)).toBeNull();
    const again = await start('telegram:1:2290197000001#2', 'telegram', id);
    expect(again.session.caller).toEqual({ number: id, knownLocale: 'en', lastChannel: 'telegram' });
  });

  it('links the profile when the subscriber shares their own number: English chosen on Telegram greets their next call', async () => {
    await start('telegram:1:5550000001', 'telegram', TG);
    await service.handle('telegram:1:5550000001', { type: 'digits', digits: '2' });
    const shared = ok(await service.handle('telegram:1:5550000001', { type: 'text', text: NUMBER }, { sharedNumber: '2290197000001' }));
    // The number is theirs from this turn on.
    expect(shared.session.caller.number).toBe(NUMBER);
    expect(await store.getCallerLink(TG)).toMatchObject({ number: NUMBER, verified: true });
    expect(await store.getCaller(TG)).toBeNull();
    await service.end('telegram:1:5550000001', 'inactivity');

    const call = await start('voice:CA-after-telegram', 'voice', '0197000001');
    expect(call.session.caller).toMatchObject({ number: NUMBER, knownLocale: 'en', lastChannel: 'telegram' });
    expect(call.session.wait?.node).toBe('menu');
    expect(says(call.effects)).toEqual(['Press 1 for PUK, 2 for a code, 3 for an agent.']);
  });

  it('takes a platform key only from its own channel: from any other it reads no profile, no link, no number', async () => {
    // The Telegram subscriber shared their own number once, and chose English.
    await start('telegram:1:5550000001', 'telegram', TG, 'selfcare', { sharedNumber: NUMBER });
    await service.handle('telegram:1:5550000001', { type: 'digits', digits: '2' });
    await service.end('telegram:1:5550000001', 'inactivity');
    const before = await store.getCaller(NUMBER);
    // Their key as a Direct Line page, a SIP From, an SMS sender or a Messenger caller would spell it.
    for (const [channel, key] of [
      ['botframework', 'botframework:c1'],
      ['webchat', 'webchat:b:c1'],
      ['voice', 'voice:CA-posing'],
      ['sms', 'sms:1919:x'],
      ['messenger', 'messenger:1:1'],
    ] as const) {
      const posing = await start(key, channel, TG, 'selfcare', { sharedNumber: '+2290197000002' });
      expect(posing.session.caller).toEqual({ number: `${channel}:${TG}` });
      // Their language is not known: it was not theirs to read.
      expect(says(posing.effects)).toEqual(['Pour le français, tapez 1.', 'For English, press 2.']);
      await service.handle(key, { type: 'digits', digits: '1' });
      await service.end(key, 'inactivity');
      expect(await store.getCallerLink(`${channel}:${TG}`)).toBeNull();
    }
    expect(await store.getCallerLink(TG)).toMatchObject({ number: NUMBER, verified: true });
    expect(await store.getCaller(NUMBER)).toEqual(before);
    expect(await store.getCaller('+2290197000002')).toBeNull();
    // The subscriber, on Telegram, is still themselves.
    const own = await start('telegram:1:5550000001#2', 'telegram', TG);
    expect(own.session.caller).toMatchObject({ number: NUMBER, knownLocale: 'en' });
  });

  it('greets a linked Telegram user in the language they chose on the phone', async () => {
    await start('voice:CA-first', 'voice', NUMBER);
    await service.handle('voice:CA-first', { type: 'digits', digits: '2' });
    await service.end('voice:CA-first', 'hangup');
    // Their first Telegram message is their contact card: linked before the contact starts.
    const first = await start('telegram:1:5550000001', 'telegram', TG, 'selfcare', { sharedNumber: '+2290197000001' });
    expect(first.session.caller).toMatchObject({ number: NUMBER, knownLocale: 'en', lastChannel: 'voice' });
    await service.end('telegram:1:5550000001', 'inactivity');
    // And every Telegram contact after, without sharing again.
    const later = await start('telegram:1:5550000001#2', 'telegram', TG);
    expect(later.session.caller).toMatchObject({ number: NUMBER, knownLocale: 'en', lastChannel: 'telegram' });
    expect((await store.getCaller(NUMBER))?.lastChannel).toBe('telegram');
  });

  it('lends a number typed at a phone question that links callers nothing but its language: the typist’s memory stays theirs', async () => {
    await start('voice:CA-fr', 'voice', NUMBER, 'linking');
    await service.handle('voice:CA-fr', { type: 'digits', digits: '1' });
    await service.end('voice:CA-fr', 'hangup');
    clock.advance(60_000);
    const before = await store.getCaller(NUMBER);

    await start('telegram:1:5550000001', 'telegram', TG, 'linking');
    await service.handle('telegram:1:5550000001', { type: 'digits', digits: '2' });
    const typed = ok(await service.handle('telegram:1:5550000001', { type: 'text', text: '01 97 00 00 01' }));
    expect(typed.status).toBe('ended');
    expect(typed.session.caller.number).toBe(TG);
    expect(await store.getCallerLink(TG)).toMatchObject({ number: NUMBER, verified: false });
    // English, chosen in that very contact, and the contact are the typist's: the number's profile is as it was.
    expect(await store.getCaller(NUMBER)).toEqual(before);
    expect(await store.getCaller(TG)).toMatchObject({ preferredLocale: 'en', lastChannel: 'telegram', contacts: [expect.objectContaining({ channel: 'telegram' })] });
    const next = await start('telegram:1:5550000001#2', 'telegram', TG, 'linking');
    expect(next.session.caller).toEqual({ number: TG, knownLocale: 'en', lastChannel: 'telegram' });
  });

  it('greets a typist with no language of their own in the typed number’s, and shows them nothing else of it (links stored by older versions too)', async () => {
    // The number's subscriber: English, a remembered plan, last seen on the phone.
    const victim = {
      number: NUMBER,
      preferredLocale: 'en',
      lastChannel: 'voice' as const,
      variables: { plan: 'Gold-4471' },
      contacts: [{ at: '2026-01-01T00:00:00.000Z', channel: 'voice' as const, reason: 'served', outcome: 'served' as const }],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await store.putCaller(victim);
    // A claim as older versions left it: their own profile was merged into the number's and is gone.
    await store.linkCaller({ key: TG, number: NUMBER, verified: false, linkedAt: '2026-01-02T00:00:00.000Z' });
    expect(await store.getCaller(TG)).toBeNull();

    const contact = await start('telegram:1:5550000001', 'telegram', TG, 'linking');
    // In English, without the language menu: but not the number's plan, last channel or last contact.
    expect(contact.session.caller).toEqual({ number: TG, knownLocale: 'en' });
    expect(says(contact.effects)).toEqual(['Your number?']);
    expect(contact.session.vars).not.toHaveProperty('plan');
    await service.handle('telegram:1:5550000001', { type: 'text', text: '0197000001' });
    expect(await store.getCaller(NUMBER)).toEqual(victim);
    expect(await store.getCaller(TG)).toMatchObject({ lastChannel: 'telegram', variables: {}, contacts: [expect.objectContaining({ channel: 'telegram' })] });
  });

  it('shares memory once the platform vouches for the number a caller typed before', async () => {
    await start('voice:CA-en', 'voice', NUMBER, 'linking');
    await service.handle('voice:CA-en', { type: 'digits', digits: '2' });
    await service.end('voice:CA-en', 'hangup');
    clock.advance(60_000);
    await start('telegram:1:5550000001', 'telegram', TG, 'linking');
    await service.handle('telegram:1:5550000001', { type: 'digits', digits: '1' });
    await service.handle('telegram:1:5550000001', { type: 'text', text: '0197000001' });
    expect(await store.getCallerLink(TG)).toMatchObject({ verified: false });
    // Their own contact card, later: their profile joins the number's.
    const shared = await start('telegram:1:5550000001#2', 'telegram', TG, 'linking', { sharedNumber: NUMBER });
    expect(shared.session.caller).toMatchObject({ number: NUMBER, lastChannel: 'telegram' });
    expect(await store.getCallerLink(TG)).toMatchObject({ number: NUMBER, verified: true });
    expect(await store.getCaller(TG)).toBeNull();
    expect((await store.getCaller(NUMBER))?.contacts.map((c) => c.channel)).toEqual(['voice', 'telegram']);
  });

  it('links nothing for a caller who has a number, nor from a preview', async () => {
    await start('voice:CA-x', 'voice', NUMBER);
    const turn = ok(await service.handle('voice:CA-x', { type: 'digits', digits: '1' }, { sharedNumber: '+2290197000002' }));
    expect(turn.session.caller.number).toBe(NUMBER);
    await service.start({ key: 'preview:tg', channel: 'telegram', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: TG, preview: true, sharedNumber: NUMBER });
    expect(await store.getCallerLink(TG)).toBeNull();
    expect(await store.listCallerLinks('+2290197000002')).toEqual([]);
  });

  it('erases, with a number, the platform ids it vouched for and what they left under their own id', async () => {
    // A first contact under their platform id, then their own contact card: the number is theirs.
    await start('telegram:1:5550000001', 'telegram', TG);
    await service.end('telegram:1:5550000001', 'inactivity');
    await start('telegram:1:5550000001#2', 'telegram', TG, 'selfcare', { sharedNumber: NUMBER });
    expect(await store.getCallerLink(TG)).toMatchObject({ verified: true });
    expect(await store.listTranscripts({ callerNumber: TG, limit: 10 })).toHaveLength(1);
    const erased = await new CallerRecords({ store, defaultRegion: 'BJ' }).erase('0197000001', 'admin');
    expect(erased.transcripts).toBe(2);
    expect(await store.getCallerLink(TG)).toBeNull();
    expect(await store.getCaller(NUMBER)).toBeNull();
    expect(await store.listTranscripts({ callerNumber: TG, limit: 10 })).toEqual([]);
    expect(await store.listTranscripts({ callerNumber: NUMBER, limit: 10 })).toEqual([]);
  });

  it('erases, with a number, only the claim of whoever typed it: their conversation and memory stay theirs', async () => {
    await start('telegram:1:5550000001', 'telegram', TG, 'linking');
    await service.handle('telegram:1:5550000001', { type: 'digits', digits: '1' });
    await service.handle('telegram:1:5550000001', { type: 'text', text: '0197000001' });
    expect(await store.getCallerLink(TG)).toMatchObject({ verified: false });
    const erased = await new CallerRecords({ store, defaultRegion: 'BJ' }).erase('0197000001', 'admin');
    expect(erased.transcripts).toBe(0);
    expect(await store.getCallerLink(TG)).toBeNull();
    expect(await store.listTranscripts({ callerNumber: TG, limit: 10 })).toHaveLength(1);
  });
});
