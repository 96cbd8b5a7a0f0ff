import { describe, expect, it } from 'vitest';
import { LOCAL_DIGIT_WORDS, matchChoice } from '@griot/flows';
import { localNumberValue } from './localNumberWords.ts';
import { maskMessageText } from './maskMessageText.ts';

/** A menu of ten options keyed 0–9, as a subscriber answers it in a chat. */
const TEN_OPTIONS = Array.from({ length: 10 }, (_, digit) => ({ id: `option ${digit}`, key: String(digit), words: [] }));

describe('local number words, one list for menus and masking', () => {
  it('masks every word a Yoruba or Fon menu takes as a key, read out as a code, as the digit the menu reads', () => {
    for (const [language, words] of Object.entries(LOCAL_DIGIT_WORDS)) {
      for (const [word, digit] of Object.entries(words)) {
        // What the menu reads the word as: the subscriber picks option N with it.
        expect(matchChoice(TEN_OPTIONS, { type: 'text', text: word }, [language])?.key, `${language} « ${word} » in a menu`).toBe(String(digit));
        // What masking reads it as, and a code read out with it does not reach the transcript.
        expect(localNumberValue(word), `${language} « ${word} » masked`).toBe(digit);
        expect(maskMessageText(`PUK: ${Array(8).fill(word).join(' ')}, merci`), `${language} « ${word} » in a code`).toBe('PUK: •••, merci');
      }
    }
  });

  it('masks more than menus read: « eni », « ode » and ten, which a menu must not take as a key', () => {
    for (const [word, language, value] of [
      ['eni', 'yo', 1],
      ['ewa', 'yo', 10],
      ['ode', 'fon', 1],
    ] as const) {
      expect(localNumberValue(word)).toBe(value);
      expect(matchChoice(TEN_OPTIONS, { type: 'text', text: word }, [language])).toBeUndefined();
    }
  });
});
