import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Effect } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import type { TurnOutput, TurnResult } from './types.ts';
import { purgeExpired } from '../callers/purgeExpired.ts';
import { captureLogs, movableClock, openTestStore, publishFlow, selfCareFlow, startOperatorBackend, TEST_PUK, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

const NUMBER = '+2290197000001';
const says = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));
const ok = (result: TurnResult): TurnOutput => {
  if (result.status === 'missing') throw new Error('the session is missing');
  return result;
};

let backend: OperatorBackend;
let dir: string;
let store: Store;
let clock: ReturnType<typeof movableClock>;
let logs: ReturnType<typeof captureLogs>;
let service: ConversationService;

function newService(s: Store = store): ConversationService {
  return new ConversationService({
    metrics: uncountedStoreFailures,
    store: s,
    logger: logs.logger,
    clock: clock.now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
  });
}

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(async () => {
  await backend.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-conversations-'));
  store = await openTestStore(dir);
  clock = movableClock();
  logs = captureLogs();
  backend.delayMs = 0;
  backend.hold = null;
  service = newService();
  await publishFlow(store, selfCareFlow());
});
afterEach(async () => {
  await service.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const startVoice = (key: string, number = NUMBER, extra: Partial<Parameters<ConversationService['start']>[0]> = {}) =>
  service.start({ key, channel: 'voice', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: number, preview: false, ...extra });

describe('ConversationService', () => {
  it('runs a call from the language menu through a live look-up to the end', async () => {
    const opening = await startVoice('voice:call-1');
    expect(opening.status).toBe('ok');
    expect(opening.session.flowVersion).toBe(1);
    expect(opening.session.wait?.node).toBe('language');

    const menu = ok(await service.handle('voice:call-1', { type: 'digits', digits: '1' }));
    expect(menu.session.locale).toBe('fr');
    expect(menu.session.wait?.node).toBe('menu');

    const end = ok(await service.handle('voice:call-1', { type: 'digits', digits: '1' }));
    expect(end.status).toBe('ended');
    expect(end.trace.nodes).toEqual(['lookup', 'readPuk', 'bye']);
    expect(says(end.effects).join(' ')).toContain(TEST_PUK);
    expect(backend.hits).toContain(NUMBER);

    const profile = await store.getCaller(NUMBER);
    expect(profile?.preferredLocale).toBe('fr');
    expect(profile?.variables).toEqual({ segment: 'vip' });
    expect(profile?.lastChannel).toBe('voice');
    expect(profile?.contacts).toEqual([{ at: clock.now().toISOString(), channel: 'voice', reason: 'served', outcome: 'completed' }]);

    const transcript = await store.getTranscript('voice:call-1');
    expect(transcript?.turns.map((t) => t.nodes)).toEqual([['start', 'language'], ['menu'], ['lookup', 'readPuk', 'bye']]);
    expect(transcript?.endReason).toBe('served');
    expect(await service.handle('voice:call-1', { type: 'digits', digits: '1' })).toMatchObject({ status: 'ended', effects: [] });
  });

  it('processes two events sent at once for one session in order', async () => {
    await startVoice('voice:call-2');
    const [first, second] = await Promise.all([service.handle('voice:call-2', { type: 'digits', digits: '1' }), service.handle('voice:call-2', { type: 'digits', digits: '2' })]);
    expect(ok(first).trace.nodes).toEqual(['menu']);
    expect(ok(second).trace.nodes).toEqual(['askCode']);
    expect((await store.getTranscript('voice:call-2'))?.turns).toHaveLength(3);
  });

  it('does not hold one caller behind another one’s slow look-up', { timeout: 60_000 }, async () => {
    await startVoice('voice:slow', NUMBER, { locale: 'fr' });
    await startVoice('voice:fast', '+2290197000002');
    await service.handle('voice:slow', { type: 'digits', digits: '1' });
    // The slow caller's look-up is held at the backend until the fast caller's turn is over (no race against a delay).
    let release!: () => void;
    backend.hold = new Promise<void>((resolve) => (release = resolve));
    const hits = backend.hits.length;
    const finished: string[] = [];
    const slow = service.handle('voice:slow', { type: 'digits', digits: '1' }).then(() => finished.push('slow'));
    await expect.poll(() => backend.hits.length, { timeout: 30_000 }).toBe(hits + 1);
    await service.handle('voice:fast', { type: 'digits', digits: '2' }).then(() => finished.push('fast'));
    release();
    await slow;
    expect(finished).toEqual(['fast', 'slow']);
  });

  it('carries a session on after the store is closed and reopened (restart)', async () => {
    await startVoice('voice:restart');
    await service.idle();
    await store.close();
    store = await openTestStore(dir);
    service = newService();
    const menu = ok(await service.handle('voice:restart', { type: 'digits', digits: '2' }));
    expect(menu.session.locale).toBe('en');
    expect(says(menu.effects)).toEqual(['Press 1 for PUK, 2 for a code, 3 for an agent.']);
  });

  it('keeps a running session on the version it started with after a publish', async () => {
    await startVoice('voice:pinned');
    await publishFlow(store, selfCareFlow({ menuText: 'Nouveau menu.' }));
    const pinned = ok(await service.handle('voice:pinned', { type: 'digits', digits: '1' }));
    expect(pinned.session.flowVersion).toBe(1);
    expect(says(pinned.effects)).toEqual(['Tapez 1 pour le PUK, 2 pour un code, 3 pour un conseiller.']);

    await startVoice('voice:new', '+2290197000002');
    const fresh = ok(await service.handle('voice:new', { type: 'digits', digits: '1' }));
    expect(fresh.session.flowVersion).toBe(2);
    expect(says(fresh.effects)).toEqual(['Nouveau menu.']);
  });

  it('skips the language menu on a second contact from the same number, whatever its spelling', async () => {
    await startVoice('voice:first');
    await service.handle('voice:first', { type: 'digits', digits: '2' });
    await service.end('voice:first', 'hangup');

    const second = await service.start({ key: 'whatsapp:2290197000001', channel: 'whatsapp', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: '2290197000001', preview: false });
    expect(second.session.caller).toMatchObject({ number: NUMBER, knownLocale: 'en', lastChannel: 'voice' });
    expect(second.trace.nodes).toEqual(['start', 'language', 'menu']);
    expect(second.session.wait?.node).toBe('menu');
    expect(says(second.effects)).toEqual(['Press 1 for PUK, 2 for a code, 3 for an agent.']);
  });

  it('closes the contact still open when a channel starts over on the same key', async () => {
    const whatsapp = (key: string) => service.start({ key, channel: 'whatsapp', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: '2290197000001', preview: false });
    await whatsapp('whatsapp:2290197000001');
    expect((await store.getCaller(NUMBER))?.lastChannel).toBe('whatsapp');
    clock.advance(60_000);
    await whatsapp('whatsapp:2290197000001');
    const [latest, first] = await store.listTranscripts({ callerNumber: NUMBER, limit: 10 });
    expect(first).toMatchObject({ endReason: 'replaced', turns: [expect.anything(), expect.objectContaining({ input: { type: 'end', reason: 'replaced' } })] });
    expect(latest?.endReason).toBeUndefined();
    expect((await store.getCaller(NUMBER))?.contacts).toEqual([expect.objectContaining({ channel: 'whatsapp', outcome: 'replaced' })]);
  });

  it('never writes a sensitive value to the transcript or the logs', async () => {
    await startVoice('voice:secret', NUMBER, { locale: 'fr' });
    await service.handle('voice:secret', { type: 'digits', digits: '1' });
    const code = ok(await service.handle('voice:secret', { type: 'digits', digits: '2' }));
    expect(code.session.wait?.node).toBe('askCode');
    const typed = ok(await service.handle('voice:secret', { type: 'digits', digits: '55501234#' }));
    expect(says(typed.effects)[0]).toContain('55501234'); // the caller hears it
    await service.handle('voice:secret', { type: 'digits', digits: '1' });
    await service.idle();

    const transcript = JSON.stringify(await store.getTranscript('voice:secret'));
    expect(transcript).toContain('•••');
    for (const secret of [TEST_PUK, '55501234']) {
      expect(transcript).not.toContain(secret);
      expect(logs.lines.join('')).not.toContain(secret);
    }
    expect(logs.lines.join('')).not.toContain(NUMBER);
    expect(logs.lines.some((l) => l.includes('"conversation.turn"'))).toBe(true);
  });

  it('keeps preview memory apart from the real subscriber’s', async () => {
    // Previews started by user u1 (their keys name them: previewRoutes.ts).
    await startVoice('preview:u1:a', NUMBER, { preview: true });
    await service.handle('preview:u1:a', { type: 'digits', digits: '2' });
    await service.end('preview:u1:a', 'hangup');
    expect((await store.getCaller(`preview:u1:${NUMBER}`))?.preferredLocale).toBe('en');
    expect(await store.getCaller(NUMBER)).toBeNull();

    const tester = await startVoice('preview:u1:b', NUMBER, { preview: true });
    expect(tester.session.wait?.node).toBe('menu');
    // Another user's preview of the number learnt nothing from u1's, nor does the real subscriber.
    expect((await startVoice('preview:u2:c', NUMBER, { preview: true })).session.wait?.node).toBe('language');
    const subscriber = await startVoice('voice:real', NUMBER);
    expect(subscriber.session.wait?.node).toBe('language');
    expect((await store.getTranscript('preview:u1:a'))?.preview).toBe(true);
  });

  it('reports an expired session as missing', async () => {
    await startVoice('voice:idle');
    clock.advance(31 * 60_000);
    expect(await service.handle('voice:idle', { type: 'digits', digits: '1' })).toEqual({ status: 'missing' });
    expect(await service.end('voice:idle', 'hangup')).toEqual({ status: 'missing' });
  });

  it('does not carry on from memory a session removed from the store meanwhile', async () => {
    await startVoice('voice:removed');
    ok(await service.handle('voice:removed', { type: 'digits', digits: '1' }));
    // An admin (or another instance) removes it between two events.
    await store.deleteSession('voice:removed');
    expect((await service.handle('voice:removed', { type: 'digits', digits: '2' })).status).toBe('missing');
    expect(await store.getSession('voice:removed', clock.now().toISOString())).toBeNull();
  });

  it('answers early when a look-up outlives the budget, and gives the rest through awaitPending', async () => {
    await startVoice('voice:budget', NUMBER, { locale: 'fr' });
    await service.handle('voice:budget', { type: 'digits', digits: '1' });
    backend.delayMs = 300;
    const early = ok(await service.handle('voice:budget', { type: 'digits', digits: '1' }, { webhookBudgetMs: 50 }));
    expect(early.pendingWebhook).toBe(true);
    expect(says(early.effects)).toEqual(['Un instant.']);
    expect(early.effects.some((e) => e.type === 'webhook')).toBe(true);

    const stillRunning = ok((await service.awaitPending('voice:budget', 10))!);
    expect(stillRunning).toMatchObject({ pendingWebhook: true, effects: [] });
    // An event arriving meanwhile waits for the look-up's turn.
    const later = service.handle('voice:budget', { type: 'digits', digits: '1' });
    const rest = ok((await service.awaitPending('voice:budget', 2000))!);
    expect(rest.pendingWebhook).toBeUndefined();
    expect(rest.trace.nodes).toEqual(['readPuk', 'bye']);
    expect(rest.status).toBe('ended');
    expect(await later).toMatchObject({ status: 'ended', effects: [] });
    expect(await service.awaitPending('voice:budget', 10)).toBeNull();
  });

  it('takes the error branch for a look-up lost in a restart instead of stranding the caller', async () => {
    await startVoice('voice:lost', NUMBER, { locale: 'fr' });
    await service.handle('voice:lost', { type: 'digits', digits: '1' });
    backend.delayMs = 200;
    expect(ok(await service.handle('voice:lost', { type: 'digits', digits: '1' }, { webhookBudgetMs: 20 })).pendingWebhook).toBe(true);
    // Another process (or this one, restarted) picks the session up while it waits for a look-up nobody runs there.
    const restarted = newService();
    const recovered = ok(await restarted.handle('voice:lost', { type: 'digits', digits: '9' }));
    expect(recovered.trace.nodes).toEqual(['sorry']);
    expect(recovered.issues.map((i) => i.code)).toContain('lookup.interrupted');
  });

  it('understands free words with the fallback classifier, or with the model when there is one', async () => {
    await startVoice('whatsapp:talk', NUMBER, { locale: 'fr', channel: 'whatsapp' });
    await service.handle('whatsapp:talk', { type: 'text', text: '1' });
    const asked = ok(await service.handle('whatsapp:talk', { type: 'text', text: '4' }));
    expect(asked.session.wait?.node).toBe('understand');
    const understood = ok(await service.handle('whatsapp:talk', { type: 'text', text: 'ma sim bloquée, il me faut le code puk' }));
    expect(understood.trace.nodes).toEqual(['lookup', 'readPuk', 'bye']);

    const asks: string[] = [];
    service = new ConversationService({
      metrics: uncountedStoreFailures,
      store,
      logger: logs.logger,
      clock: clock.now,
      sessionTtlMinutes: 30,
      defaultRegion: 'BJ',
      webhookTargetFor: () => backend.target,
      classify: async (request) => {
        asks.push(request.node);
        return { type: 'classification', outcome: 'ok', intent: 'agent', confidence: 0.92 };
      },
    });
    await startVoice('whatsapp:model', '+2290197000002', { locale: 'fr', channel: 'whatsapp' });
    await service.handle('whatsapp:model', { type: 'text', text: '1' });
    await service.handle('whatsapp:model', { type: 'text', text: '4' });
    const routed = ok(await service.handle('whatsapp:model', { type: 'text', text: 'je voudrais parler à quelqu’un' }));
    expect(asks).toEqual(['understand']);
    expect(routed.effects.find((e) => e.type === 'handoff')).toMatchObject({ queue: 'support-fr' });
    const transcript = await store.getTranscript('whatsapp:model');
    expect(transcript?.turns.at(-1)?.effects).toContain('classify');
  });

  it('takes the timeout branch when the backend is slower than the node allows', async () => {
    await publishFlow(store, selfCareFlow({ lookupTimeoutMs: 150 }));
    await startVoice('voice:timeout', NUMBER, { locale: 'fr' });
    await service.handle('voice:timeout', { type: 'digits', digits: '1' });
    backend.delayMs = 600;
    const end = ok(await service.handle('voice:timeout', { type: 'digits', digits: '1' }));
    expect(end.trace.nodes).toEqual(['lookup', 'sorry']);
    expect(end.session.endReason).toBe('backendDown');
  });

  it('routes listed testers of a binding to staging in their locale, others to the binding’s environment', async () => {
    const now = new Date().toISOString();
    await publishFlow(store, selfCareFlow({ menuText: 'Menu de test.' }), ['staging']);
    await store.putBinding({
      id: 'b1',
      channel: 'voice',
      address: '1919',
      flowId: 'selfcare',
      environment: 'production',
      testers: [{ number: '+2290197000009', locale: 'fr' }],
      settings: {},
      createdAt: now,
      updatedAt: now,
    });
    const tester = await service.start({ key: 'voice:t', channel: 'voice', flow: { bindingId: 'b1' }, callerNumber: '0197000009', preview: false });
    expect(tester.session).toMatchObject({ flowVersion: 2, locale: 'fr', caller: { isTester: true } });
    const subscriber = await service.start({ key: 'voice:s', channel: 'voice', flow: { bindingId: 'b1' }, callerNumber: '0197000001', preview: false });
    expect(subscriber.session.flowVersion).toBe(1);
    expect(subscriber.session.caller.isTester).toBeUndefined();
    await expect(service.start({ key: 'voice:x', channel: 'voice', flow: { bindingId: 'nope' }, callerNumber: NUMBER, preview: false })).rejects.toThrow(/no binding/);
  });

  it('starts a tester listed in a language in that language, past the language menu; one listed without hears the menu', async () => {
    const now = new Date().toISOString();
    await publishFlow(store, selfCareFlow(), ['staging']);
    await store.putBinding({
      id: 'b1',
      channel: 'voice',
      address: '1919',
      flowId: 'selfcare',
      environment: 'production',
      testers: [{ number: '+2290197000009', locale: 'en' }, { number: '+2290197000008' }],
      settings: {},
      createdAt: now,
      updatedAt: now,
    });
    const english = await service.start({ key: 'voice:en', channel: 'voice', flow: { bindingId: 'b1' }, callerNumber: '0197000009', preview: false });
    expect(english.session.wait?.node).toBe('menu');
    expect(english.session.locale).toBe('en');
    expect(says(english.effects)).toEqual(['Press 1 for PUK, 2 for a code, 3 for an agent.']);
    const anyLanguage = await service.start({ key: 'voice:any', channel: 'voice', flow: { bindingId: 'b1' }, callerNumber: '0197000008', preview: false });
    expect(anyLanguage.session.wait?.node).toBe('language');
  });

  it('records a handoff in the caller’s history with its reason, and ends only once', async () => {
    await startVoice('voice:agent', NUMBER, { locale: 'fr' });
    await service.handle('voice:agent', { type: 'digits', digits: '1' });
    const handoff = ok(await service.handle('voice:agent', { type: 'digits', digits: '3' }));
    expect(handoff.effects.find((e) => e.type === 'handoff')).toMatchObject({ queue: 'support-fr' });
    await service.end('voice:agent', 'transferred');
    await service.end('voice:agent', 'hangup');
    const profile = await store.getCaller(NUMBER);
    expect(profile?.contacts).toEqual([{ at: clock.now().toISOString(), channel: 'voice', reason: 'Assistance', outcome: 'handoff' }]);
    expect((await store.getTranscript('voice:agent'))?.endReason).toBe('transferred');
  });

  it('purges expired sessions, and profiles and transcripts past retention', async () => {
    await startVoice('voice:old');
    await service.end('voice:old', 'hangup');
    await startVoice('voice:open', '+2290197000002');
    const later = new Date(clock.now().getTime() + 400 * 24 * 3600_000);
    expect(await purgeExpired(store, later, 365)).toEqual({ sessions: 2, callers: 2, transcripts: 2, handoffContacts: 0, handoffMessages: 0, callbacks: 0 });
    expect(await store.getCaller(NUMBER)).toBeNull();
  });
});
