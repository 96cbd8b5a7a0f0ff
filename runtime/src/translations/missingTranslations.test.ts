import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { missingTranslations } from './missingTranslations.ts';

const doc = Flow.parse({
  schemaVersion: 2,
  id: 'f',
  name: 'F',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
    { code: 'en', name: 'English', tts: { vendor: 'google' } },
    { code: 'fon', name: 'Fɔngbè', tts: null },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'lang',
      type: 'language',
      prompt: { fr: { text: 'Tapez 1' } },
      options: [
        { locale: 'fr', key: '1' },
        { locale: 'en', key: '2' },
      ],
    },
    { id: 'recorded', type: 'message', prompt: { fr: { text: 'Bonjour' }, fon: { audio: 'fon/hello.wav' } } },
    { id: 'blank', type: 'message', prompt: { fr: { text: '  ' }, en: { text: '' } } },
    { id: 'suggested', type: 'message', prompt: { fr: { text: 'Merci' }, fon: { text: 'A wanu', needsReview: true } } },
    {
      id: 'ask',
      type: 'intent',
      prompt: { fr: { text: 'Que voulez-vous ?' }, fon: { audio: 'fon/ask.wav' } },
      intents: [
        { id: 'puk', label: { fr: 'Code PUK', fon: 'PUK' }, examples: { fr: ['puce bloquée'] } },
        { id: 'other', examples: {} },
      ],
    },
  ],
});

const keys = (refs: Array<{ nodeId: string; field: string }>) => refs.map((r) => `${r.nodeId}.${r.field}`);

describe('texts missing in a locale', () => {
  it('finds prompts without text or recording, intent labels and examples, in node order', () => {
    const { missing, withoutSource } = missingTranslations(doc, 'fr', 'fon');
    expect(keys(missing.map((m) => m.ref))).toEqual(['ask.intents.0.examples']);
    expect(keys(withoutSource)).toEqual(['blank.prompt', 'ask.intents.1.label', 'ask.intents.1.examples']);
  });

  it('asks a language menu only in the languages it offers, and takes the source text as is', () => {
    const { missing } = missingTranslations(doc, 'fr', 'en');
    expect(missing.map((m) => [`${m.ref.nodeId}.${m.ref.field}`, m.source])).toEqual([
      ['lang.prompt', ['Tapez 1']],
      ['recorded.prompt', ['Bonjour']],
      ['suggested.prompt', ['Merci']],
      ['ask.prompt', ['Que voulez-vous ?']],
      ['ask.intents.0.label', ['Code PUK']],
      ['ask.intents.0.examples', ['puce bloquée']],
    ]);
    expect(keys(missingTranslations(doc, 'fr', 'fon').missing.map((m) => m.ref))).not.toContain('lang.prompt');
  });

  it('keeps to the nodes asked for', () => {
    expect(keys(missingTranslations(doc, 'fr', 'en', new Set(['recorded'])).missing.map((m) => m.ref))).toEqual(['recorded.prompt']);
  });

  it("finds each wording for a channel or way of answering the source has and the target lacks, after the prompt's own", () => {
    const withVariants = Flow.parse({
      ...doc,
      nodes: [
        {
          id: 'menu',
          type: 'menu',
          prompt: {
            fr: { text: 'Tapez 1', variants: { sms: { text: 'Répondez 1' }, buttons: { text: 'Choisissez' }, keypad: { audio: 'fr/tapez.wav' }, whatsap: { text: 'jamais dit' } } },
            en: { text: 'Press 1', variants: { sms: { text: 'Reply 1' }, buttons: { text: ' ' } } },
          },
          options: [{ id: 'o', key: '1', label: { fr: 'Solde', en: 'Balance' } }],
        },
      ],
    });
    const { missing, withoutSource } = missingTranslations(withVariants, 'fr', 'en');
    // English's SMS wording is written; its buttons wording is blank; the keypad one is a French recording, nothing to translate.
    expect(missing.map((m) => [m.ref, m.source])).toEqual([[{ kind: 'prompt', nodeId: 'menu', field: 'prompt', variant: 'buttons' }, ['Choisissez']]]);
    expect(missing[0]!.context).toContain('answered by a tap');
    expect(withoutSource).toEqual([{ kind: 'prompt', nodeId: 'menu', field: 'prompt', variant: 'keypad' }]);
    // A target without the prompt at all gets it and every wording of it.
    const fon = missingTranslations(withVariants, 'fr', 'fon');
    expect(fon.missing.map((m) => `${m.ref.field}${m.ref.kind === 'prompt' && m.ref.variant ? `.${m.ref.variant}` : ''} ${m.source[0]}`)).toEqual([
      'prompt Tapez 1',
      'prompt.sms Répondez 1',
      'prompt.buttons Choisissez',
    ]);
  });
});
