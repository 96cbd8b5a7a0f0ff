import { describe, expect, it } from 'vitest';
import type { Locale } from '@griot/flows';
import { planCallbackCall, type CallbackCallInput } from './planCallbackCall.ts';

const LOCALES: Locale[] = [
  { code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: { vendor: 'google', language: 'fr-FR' } },
  { code: 'en', name: 'English', tts: { vendor: 'google', voice: 'en-GB-Wavenet-A', language: 'en-GB' }, asr: { vendor: 'google', language: 'en-GB' } },
  { code: 'fon', name: 'Fon', tts: null, asr: null },
];

const input = (locale: string, extra: Partial<CallbackCallInput> = {}): CallbackCallInput => ({
  request: {
    id: 'cb-1',
    attempt: 2,
    number: '+2290197000003',
    locale,
    queue: `support-${locale}`,
    reason: 'Le client demande un conseiller',
    agent: 'awa',
    flow: { id: 'selfcare', version: 3 },
    variables: { segment: 'vip' },
  },
  from: '+22921300000',
  publicBaseUrl: 'https://griot.example.bj/',
  ringSeconds: 30,
  locales: LOCALES,
  ...extra,
});

describe('the REST request that calls a subscriber back', () => {
  it('calls the subscriber from the caller ID, with Griot’s hooks, the context in the tag and the greeting’s voice as speech defaults', () => {
    const plan = planCallbackCall(input('en'));
    expect(plan).toMatchObject({ ok: true });
    if (!plan.ok) return;
    expect(plan.body).toEqual({
      from: '+22921300000',
      to: { type: 'phone', number: '+2290197000003' },
      call_hook: { url: 'https://griot.example.bj/jambonz/callback/answer', method: 'POST' },
      call_status_hook: { url: 'https://griot.example.bj/jambonz/callback/status', method: 'POST' },
      timeout: 30,
      tag: {
        griotCallback: {
          v: 1,
          id: 'cb-1',
          attempt: 2,
          queue: 'support-en',
          reason: 'Le client demande un conseiller',
          locale: 'en',
          agent: 'awa',
          flow: 'selfcare@3',
          variables: { segment: 'vip' },
          speak: { locale: 'en', synthesizer: { vendor: 'google', language: 'en-GB', voice: 'en-GB-Wavenet-A' } },
        },
      },
      speech_synthesis_vendor: 'google',
      speech_synthesis_language: 'en-GB',
      speech_synthesis_voice: 'en-GB-Wavenet-A',
      speech_recognizer_vendor: 'google',
      speech_recognizer_language: 'en-GB',
    });
  });

  it('greets a subscriber whose language has no voice in the fallback language, like Griot’s other words', () => {
    const plan = planCallbackCall(input('fon'));
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.tag).toMatchObject({ locale: 'fon', speak: { locale: 'fr', synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' } } });
    expect(plan.body).toMatchObject({ speech_synthesis_language: 'fr-FR', speech_recognizer_language: 'fr-FR' });
  });

  it('uses GRIOT_CALLBACK_SPEECH when the flow gives no complete voice, and says why it cannot call without one', () => {
    expect(planCallbackCall(input('fr', { locales: [] }))).toEqual({ ok: false, problem: expect.stringContaining('GRIOT_CALLBACK_SPEECH') });
    const plan = planCallbackCall(input('fr', { locales: [], fallbackSpeech: { vendor: 'microsoft', language: 'en-US', voice: 'en-US-AvaNeural' } }));
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.tag.speak).toEqual({ locale: 'en', synthesizer: { vendor: 'microsoft', language: 'en-US', voice: 'en-US-AvaNeural' } });
    expect(plan.body).toMatchObject({ speech_synthesis_vendor: 'microsoft', speech_recognizer_vendor: 'microsoft', speech_recognizer_language: 'en-US' });
  });

  it('names a draft flow without a version', () => {
    const plan = planCallbackCall(input('fr', { request: { ...input('fr').request, flow: { id: 'selfcare', version: null } } }));
    expect(plan.ok && plan.tag.flow).toBe('selfcare');
  });
});
