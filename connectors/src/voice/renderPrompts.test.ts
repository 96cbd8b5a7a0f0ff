import { describe, expect, it } from 'vitest';
import type { SayEffect } from '@griot/flows';
import { audioUrl, renderPrompts, sayText, type PromptContext } from './renderPrompts.ts';

const ctx: PromptContext = {
  flowId: '1919-selfcare',
  audioBase: 'https://griot.example/audio/',
  configuredLocale: 'fr',
  synthesizerFor: (locale) => (locale === 'fon' ? undefined : { vendor: 'google', language: locale === 'en' ? 'en-GB' : 'fr-FR' }),
};
const say = (locale: string, text?: string, audio?: string): SayEffect => ({ type: 'say', node: 'n', locale, ...(text ? { text } : {}), ...(audio ? { audio } : {}) });

describe('sayText', () => {
  it('keeps plain text plain and wraps SSML in <speak>', () => {
    expect(sayText('Bonjour.')).toBe('Bonjour.');
    expect(sayText('Votre code est <break time="300ms"/> 1, 2.')).toBe('<speak>Votre code est <break time="300ms"/> 1, 2.</speak>');
    expect(sayText('Orange &amp; MTN')).toBe('<speak>Orange &amp; MTN</speak>');
    expect(sayText('<speak>Déjà</speak>')).toBe('<speak>Déjà</speak>');
  });
});

describe('renderPrompts', () => {
  it('joins consecutive texts in one voice into one say', () => {
    expect(renderPrompts([say('fr', 'Choix invalide.'), say('fr', 'Tapez 1.')], ctx)).toEqual([{ verb: 'say', text: 'Choix invalide. Tapez 1.' }]);
  });

  it('joins SSML and plain text into one <speak>', () => {
    const [verb] = renderPrompts([say('fr', 'Bonjour <break time="1s"/>'), say('fr', 'Tapez 1.')], ctx);
    expect(verb).toEqual({ verb: 'say', text: '<speak>Bonjour <break time="1s"/> Tapez 1.</speak>' });
  });

  it('speaks each locale in its own voice, and plays recordings for a language without one', () => {
    const verbs = renderPrompts([say('fr', 'Pour le français, tapez 1.'), say('en', 'For English, press 2.'), say('fon', undefined, 'fon/lang.wav'), say('fon', undefined, 'fon/lang 2.wav')], ctx);
    expect(verbs).toEqual([
      { verb: 'say', text: 'Pour le français, tapez 1.' },
      { verb: 'say', text: 'For English, press 2.', synthesizer: { vendor: 'google', language: 'en-GB' } },
      { verb: 'play', url: ['https://griot.example/audio/1919-selfcare/fon/lang.wav', 'https://griot.example/audio/1919-selfcare/fon/lang%202.wav'] },
    ]);
  });

  it('prefers the recording when a prompt has both', () => {
    expect(renderPrompts([say('fr', 'Bonjour', 'fr/bonjour.wav')], ctx)).toEqual([{ verb: 'play', url: 'https://griot.example/audio/1919-selfcare/fr/bonjour.wav' }]);
  });

  it('builds audio URLs under the flow id', () => {
    expect(audioUrl('http://h/audio', 'f', 'a/b c.wav')).toBe('http://h/audio/f/a/b%20c.wav');
  });
});

describe('a language without a voice', () => {
  it('plays the recording, then speaks its text (a code) in the fallback voice', () => {
    const fr = { vendor: 'google', language: 'fr-FR' };
    const verbs = renderPrompts([{ type: 'say', node: 'puk', locale: 'fon', audio: 'fon/puk.wav', text: 'PUK: 1, 2, 3, 4' }], {
      flowId: 'f',
      audioBase: 'http://x/audio',
      configuredLocale: 'fon',
      synthesizerFor: (l) => (l === 'fr' ? fr : undefined),
      fallbackLocale: 'fr',
    });
    expect(verbs).toEqual([
      { verb: 'play', url: 'http://x/audio/f/fon/puk.wav' },
      { verb: 'say', text: 'PUK: 1, 2, 3, 4', synthesizer: fr },
    ]);
  });

  it('plays only the recording in a language that has a voice', () => {
    const verbs = renderPrompts([{ type: 'say', node: 'n', locale: 'fr', audio: 'fr/hello.wav', text: 'Bonjour' }], {
      flowId: 'f',
      audioBase: 'http://x/audio',
      configuredLocale: 'fr',
      synthesizerFor: () => ({ vendor: 'google', language: 'fr-FR' }),
      fallbackLocale: 'fr',
    });
    expect(verbs).toEqual([{ verb: 'play', url: 'http://x/audio/f/fr/hello.wav' }]);
  });
});
