import { describe, expect, it } from 'vitest';
import { matchChoice, type Choice } from './match.ts';

/** A menu as 1919 might offer it: numbers, then `*` to go back and `#` for the main menu. */
const choices: Choice[] = [
  { id: 'puk', key: '1', words: ['Code PUK'] },
  { id: 'back', key: '*', words: ['Retour'] },
  { id: 'home', key: '#', words: ['Menu principal'] },
];
const chosen = (event: Parameters<typeof matchChoice>[1]) => matchChoice(choices, event)?.id;

describe('matchChoice', () => {
  it('takes # and * pressed on the keypad as the options keyed so', () => {
    expect(chosen({ type: 'digits', digits: '#' })).toBe('home');
    expect(chosen({ type: 'digits', digits: '*' })).toBe('back');
  });

  it('still reads a trailing # as the end of an entry when no option is keyed 1#', () => {
    expect(chosen({ type: 'digits', digits: '1#' })).toBe('puk');
    expect(chosen({ type: 'digits', digits: '2#' })).toBeUndefined();
  });

  it('takes * and # typed in a chat as the options a numbered menu lists with them', () => {
    expect(chosen({ type: 'text', text: '*' })).toBe('back');
    expect(chosen({ type: 'text', text: ' # ' })).toBe('home');
    expect(chosen({ type: 'text', text: '#.' })).toBe('home');
    expect(chosen({ type: 'text', text: '1' })).toBe('puk');
    expect(chosen({ type: 'text', text: 'menu principal' })).toBe('home');
  });

  it('takes a digit written as a word alone (« un », « deux », « one ») as the option of that key, unless an option is named so', () => {
    const menu: Choice[] = [
      { id: 'puk', key: '1', words: ['Code PUK'] },
      { id: 'balance', key: '2', words: ['Solde'] },
      { id: 'agent', key: '4', words: ['Un conseiller'] },
    ];
    const pick = (text: string) => matchChoice(menu, { type: 'text', text })?.id;
    expect(pick('un')).toBe('puk');
    expect(pick('Deux !')).toBe('balance');
    expect(pick('two')).toBe('balance');
    expect(pick('quatre')).toBe('agent');
    // No option keyed 3; a word inside a sentence is not a key.
    expect(pick('trois')).toBeUndefined();
    expect(pick('un conseiller')).toBe('agent');
    // An option whose label is the word wins over the key.
    expect(
      matchChoice(
        [
          { id: 'k1', key: '1', words: ['A'] },
          { id: 'two', key: '3', words: ['Deux'] },
        ],
        { type: 'text', text: 'deux' },
      )?.id,
    ).toBe('two');
  });

  it('matches nothing for * or # when no option has that key', () => {
    const numbersOnly = choices.slice(0, 1);
    expect(matchChoice(numbersOnly, { type: 'text', text: '#' })).toBeUndefined();
    expect(matchChoice(numbersOnly, { type: 'digits', digits: '*' })).toBeUndefined();
  });
});
