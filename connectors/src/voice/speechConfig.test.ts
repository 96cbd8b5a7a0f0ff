import { describe, expect, it } from 'vitest';
import { languageTag, recognizerFor, spokenLocale, synthesizerFor, type SpeechContext } from './speechConfig.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';

const ctx = (over: Partial<SpeechContext> = {}): SpeechContext => ({
  locales: voiceTestFlow().locales,
  settings: {},
  defaults: { tts: { vendor: 'microsoft', language: 'fr-CA', voice: 'fr-CA-SylvieNeural' }, asr: { vendor: 'deepgram', language: 'en-US' } },
  ...over,
});

describe('speech configuration', () => {
  it("uses the flow locale's voice and recognition", () => {
    expect(synthesizerFor(ctx(), 'fr')).toEqual({ vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' });
    expect(recognizerFor(ctx(), 'fr')).toEqual({ vendor: 'google', language: 'fr-FR' });
  });

  it('has no voice for a recorded-audio language and no recognizer for a keypad-only one', () => {
    expect(synthesizerFor(ctx(), 'fon')).toBeUndefined();
    expect(recognizerFor(ctx(), 'en')).toBeUndefined();
  });

  it('falls back to the account defaults, with a language tag the vendor knows', () => {
    expect(synthesizerFor(ctx({ locales: [] }), 'fr')).toEqual({ vendor: 'microsoft', language: 'fr-CA', voice: 'fr-CA-SylvieNeural' });
    expect(synthesizerFor(ctx({ locales: [] }), 'en')).toEqual({ vendor: 'microsoft', language: 'en-US' });
    expect(languageTag('fr', undefined, undefined)).toBe('fr-FR');
  });

  it("speaks Griot's own words in the caller's language, or the flow's first voiced one", () => {
    expect(spokenLocale(ctx(), 'en')).toEqual({ locale: 'en', synthesizer: { vendor: 'google', language: 'en-GB' } });
    expect(spokenLocale(ctx(), 'fon').locale).toBe('fr');
  });
});
