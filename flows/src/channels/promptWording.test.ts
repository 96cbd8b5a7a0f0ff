import { describe, expect, it } from 'vitest';
import { pickWording, wordingKeys } from './promptWording.ts';
import type { ReplyOption } from './replies.ts';

const twoOptions: ReplyOption[] = [
  { id: 'puk', key: '1', label: 'Code PUK' },
  { id: 'agent', key: '2', label: 'Conseiller' },
];
// Eleven options: more than WhatsApp's list holds, so numbered text there.
const elevenOptions: ReplyOption[] = Array.from({ length: 11 }, (_, i) => ({ id: `o${i}`, key: String(i + 1), label: `Choix ${i + 1}` }));

describe('wordingKeys', () => {
  it('looks a call up by its channel, then the keypad (a spoken menu has no buttons or numbers to show)', () => {
    expect(wordingKeys('voice', twoOptions)).toEqual(['voice', 'keypad']);
  });

  it('words a WhatsApp menu for buttons when it fits them, and for numbers when it does not', () => {
    expect(wordingKeys('whatsapp', twoOptions)).toEqual(['whatsapp', 'buttons']);
    expect(wordingKeys('whatsapp', elevenOptions)).toEqual(['whatsapp', 'numbered']);
  });

  it('words an SMS menu for numbers, and a prompt without a menu by the channel alone', () => {
    expect(wordingKeys('sms', twoOptions)).toEqual(['sms', 'numbered']);
    expect(wordingKeys('sms')).toEqual(['sms']);
  });
});

describe('pickWording', () => {
  const version = {
    text: 'Tapez 1 pour votre code PUK.',
    audio: 'fr/menu.wav',
    variants: { buttons: { text: 'Choisissez une option.' }, sms: { text: 'Répondez 1 pour votre code PUK.' }, webchat: {} },
  };

  it('takes the first key that has a variant, whole: its text without the recording of the keypad wording', () => {
    expect(pickWording(version, ['sms', 'numbered'])).toEqual({ text: 'Répondez 1 pour votre code PUK.', variant: 'sms' });
    expect(pickWording(version, ['whatsapp', 'buttons'])).toEqual({ text: 'Choisissez une option.', variant: 'buttons' });
  });

  it("falls back to the locale's own text and audio when no key has a variant, or only an empty one", () => {
    expect(pickWording(version, ['voice', 'keypad'])).toEqual({ text: 'Tapez 1 pour votre code PUK.', audio: 'fr/menu.wav' });
    expect(pickWording(version, ['webchat'])).toEqual({ text: 'Tapez 1 pour votre code PUK.', audio: 'fr/menu.wav' });
  });

  it('never reads a key inherited from Object.prototype as a variant', () => {
    expect(pickWording(version, ['constructor', 'toString'])).toEqual({ text: 'Tapez 1 pour votre code PUK.', audio: 'fr/menu.wav' });
  });
});
