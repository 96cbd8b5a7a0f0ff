import { describe, expect, it } from 'vitest';
import { acceptsCallback, offerAfterLeaving, renderRequeue } from './callbackOffer.ts';
import type { CallState } from './callState.ts';
import { hookUrls } from './hooks.ts';
import type { GatherPayload } from './inbound.ts';
import { renderQueueWait } from './renderQueueWait.ts';
import { assertJambonzAccepts, assertWaitHookAnswer } from './testing/jambonzOracles.ts';

type Queue = NonNullable<CallState['queue']>;
const state = (queue: Partial<Queue> = {}, locale = 'fr'): CallState & { queue: Queue } => ({
  v: 1,
  session: 'voice:CA1',
  locale,
  defaults: {},
  speak: { locale, synthesizer: { vendor: 'google', language: locale === 'fr' ? 'fr-FR' : 'en-GB' } },
  queue: { name: 'support-fr', priority: 999, announceSeconds: 20, callbackAfterSeconds: 90, speech: true, ...queue },
});
const gather = (over: Partial<GatherPayload>): GatherPayload => ({ call_sid: 'CA1', reason: 'timeout', ...over }) as GatherPayload;
const said = (text: string): Partial<GatherPayload> => ({ reason: 'speechDetected', speech: { alternatives: [{ transcript: text, confidence: 0.9 }] } });

describe('the callback offer in the queue', () => {
  it('leaves the queue once the caller has waited past the threshold, not before', () => {
    expect(renderQueueWait({ queuePosition: 3, queueTime: 80, state: state() }).some((v) => v.verb === 'leave')).toBe(false);
    const verbs = renderQueueWait({ queuePosition: 3, queueTime: 90, state: state() });
    expect(verbs).toEqual([{ verb: 'leave' }]);
    assertWaitHookAnswer(verbs);
    // Offered once: a caller who declined stays until the longest wait.
    expect(renderQueueWait({ queuePosition: 3, queueTime: 200, state: state({ offered: true, waitedSeconds: 90 }) }).some((v) => v.verb === 'leave')).toBe(false);
    expect(renderQueueWait({ queuePosition: 3, queueTime: 40, state: state({ offered: true, waitedSeconds: 90, maxWaitSeconds: 120 }) })).toEqual([{ verb: 'leave' }]);
  });

  it('asks in the caller’s language, keypad and voice, and remembers it asked', () => {
    const verbs = offerAfterLeaving(state(), 95, { crm: 'x' }, hookUrls());
    assertJambonzAccepts(verbs);
    expect(verbs[0].data).toMatchObject({ crm: 'x', griot: { queue: { offered: true, waitedSeconds: 95 } } });
    expect(verbs[1]).toMatchObject({ verb: 'gather', actionHook: '/jambonz/callback-offer', input: ['digits', 'speech'], numDigits: 1 });
    expect(verbs[1].say?.text).toContain('appuyez sur 1 ou dites oui');
    const english = offerAfterLeaving(state({ speech: false }, 'en'), 95, undefined, hookUrls());
    expect(english[1]).toMatchObject({ input: ['digits'], say: { text: expect.stringContaining('press 1. To stay on the line, press 2.') } });
  });

  it('takes 1 or a spoken yes as accepting; 2, other words and silence keep the caller waiting', () => {
    expect(acceptsCallback(gather({ reason: 'dtmfDetected', digits: '1' }), 'fr')).toBe(true);
    expect(acceptsCallback(gather(said('Oui, rappelez-moi')), 'fr')).toBe(true);
    expect(acceptsCallback(gather(said("D'accord")), 'fr')).toBe(true);
    expect(acceptsCallback(gather(said('yes please')), 'en')).toBe(true);
    expect(acceptsCallback(gather({ reason: 'dtmfDetected', digits: '2' }), 'fr')).toBe(false);
    expect(acceptsCallback(gather(said('non merci je patiente')), 'fr')).toBe(false);
    expect(acceptsCallback(gather({ reason: 'timeout' }), 'fr')).toBe(false);
  });

  it('puts a caller who declines back in the same queue at the better priority', () => {
    const verbs = renderRequeue(state({ offered: true }), 998, undefined, hookUrls('https://griot.example'));
    assertJambonzAccepts(verbs);
    expect(verbs[1].text).toBe('Merci. Vous restez en ligne, un conseiller va vous répondre.');
    expect(verbs[2]).toEqual({ verb: 'enqueue', name: 'support-fr', priority: 998, waitHook: 'https://griot.example/jambonz/queue-wait', actionHook: 'https://griot.example/jambonz/queue-action' });
    expect(verbs[0].data).toMatchObject({ griot: { queue: { priority: 998, offered: true } } });
  });
});

describe('the callback offer in the flow’s words', () => {
  it('plays the flow’s recording for a language without text-to-speech, and speaks its text otherwise', () => {
    const fon = offerAfterLeaving(state({ speech: false, offerPlay: { url: 'https://griot.example/audio/selfcare-1919/fon/callback-offer.wav' } }, 'fon'), 90, undefined, hookUrls());
    assertJambonzAccepts(fon);
    expect(fon[1]).toMatchObject({ input: ['digits'], play: { url: 'https://griot.example/audio/selfcare-1919/fon/callback-offer.wav' } });
    expect(fon[1].say).toBeUndefined();
    const fr = offerAfterLeaving(state({ offerSay: { text: 'Pour être rappelé, tapez 1.' } }), 90, undefined, hookUrls());
    expect(fr[1].say).toEqual({ text: 'Pour être rappelé, tapez 1.' });
    // A closed queue's offer says why, in Griot's words.
    const closed = offerAfterLeaving(state({ closed: true, offerSay: { text: 'Pour être rappelé, tapez 1.' } }), 0, undefined, hookUrls());
    expect(closed[1].say?.text).toContain('ne sont pas disponibles pour le moment');
  });
});
