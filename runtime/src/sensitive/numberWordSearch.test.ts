import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_LETTER_OF, LOCAL_NUMBER_WORDS, localNumberValue } from './localNumberWords.ts';
import { maskMessageText } from './maskMessageText.ts';
import { caseFoldOf } from './numberWordSearch.ts';

const plainOf = (char: string) => char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const everyCharacter = function* () {
  for (let cp = 0; cp <= 0x10ffff; cp += 1) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
};

describe('masking a turn without a code', () => {
  afterEach(() => vi.restoreAllMocks());

  it('decomposes none of its words: a turn with no digit nor number word is read in one pass', () => {
    const normalize = vi.spyOn(String.prototype, 'normalize');
    const turns = [
      "Bonjour, mon forfait internet ne marche plus depuis hier soir, pouvez-vous m'aider ?",
      "Hello, I can't access my account since yesterday, please help me",
      'Ẹ kú àárọ̀, mo fẹ́ bá òṣìṣẹ́ sọ̀rọ̀ nípa àkọọ́lẹ̀ mi, kò ṣiṣẹ́ mọ́',
    ];
    for (const turn of turns) expect(maskMessageText(turn)).toBe(turn);
    expect(normalize).not.toHaveBeenCalled();
  });

  it('still finds a code said in Yoruba among other words, whatever its tones', () => {
    expect(maskMessageText('nọ́mbà mi ni èjì ẹ̀ta ẹ̀rin àrún ẹ̀fà èje, ẹ ṣé')).toBe('nọ́mbà mi ni •••, ẹ ṣé');
    expect(maskMessageText('nọ́mbà mi ni èjì ẹ̀ta ẹ̀rin àrún ẹ̀fà èje, ẹ ṣé'.normalize('NFD'))).toBe('nọ́mbà mi ni •••, ẹ ṣé'.normalize('NFD'));
  });
});

describe('the number words looked up without decomposing the text', () => {
  it('knows every character of Unicode that folds to a letter of a local number word', { timeout: 60_000 }, () => {
    const letters = new Set(LOCAL_NUMBER_WORDS.join(''));
    const missing: string[] = [];
    for (const char of everyCharacter()) {
      const plain = plainOf(char);
      if (plain.length === 1 && letters.has(plain) && LOCAL_LETTER_OF.get(char.codePointAt(0) ?? 0) !== plain.charCodeAt(0)) missing.push(char);
      // A character folding to several letters would be a word's letters in one: none does.
      if (plain.length > 1 && /\p{L}/u.test(char) && [...plain].some((c) => letters.has(c))) missing.push(char);
    }
    expect(missing).toEqual([]);
    expect(localNumberValue('Ẹ̀TA')).toBe(3);
  });

  it('folds the case of French and English number words as the flags iu do', { timeout: 60_000 }, () => {
    const letters = [
      ...new Set(
        'zéroundeuxtroisquatrecinqsixsepthuitneufdixonzedouzetreizequatorzequinzeseizevingtstrentequarantecinquantesoixanteseptantehuitanteoctantenonantecentsmillemillionsmilliardsonetwothreefourfivesevencightnineteneleventwelvethirteenfourteenfifteensixteenseventeeneighteennineteentwentythirtyfortyfiftysixtyseventyeightyninetyhundredthousandbillions',
      ),
    ];
    const any = new RegExp(`^[${letters.join('')}]$`, 'iu');
    const wrong: string[] = [];
    for (const char of everyCharacter()) {
      if (!any.test(char)) continue;
      const folded = String.fromCharCode(caseFoldOf(char.charCodeAt(0)));
      if (char.length > 1 || !new RegExp(`^${folded}$`, 'iu').test(char) || !letters.includes(folded)) wrong.push(char);
    }
    expect(wrong).toEqual([]);
  });
});
