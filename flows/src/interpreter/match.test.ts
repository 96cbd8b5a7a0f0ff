import { describe, expect, it } from 'vitest';
import { matchChoice, type Choice } from './match.ts';

/** A menu as 1919 might offer it: numbers, then `*` to go back and `#` for the main menu. */
const choices: Choice[] = [
  { id: 'puk', key: '1', words: ['Code PUK'] },
  { id: 'back', key: '*', words: ['Retour'] },
  { id: 'home', key: '#', words: ['Menu principal'] },
];
const chosen = (event: Parameters<typeof matchChoice>[1]) => matchChoice(choices, event, 'fr')?.id;

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
    const pick = (text: string, locale = 'fr') => matchChoice(menu, { type: 'text', text }, locale)?.id;
    // « un » is in « Un conseiller » too: it may mean either (see below).
    expect(pick('un')).toBeUndefined();
    expect(matchChoice(menu.slice(0, 2), { type: 'text', text: 'un' }, 'fr')?.id).toBe('puk');
    expect(pick('Deux !')).toBe('balance');
    expect(pick('two', 'en')).toBe('balance');
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
        'fr',
      )?.id,
    ).toBe('two');
  });

  it('takes no number word for a key when another option’s label holds it: « deux » in « Forfait deux jours » may mean that one', () => {
    const bundles: Choice[] = [
      { id: 'twoDays', key: '1', words: ['Forfait deux jours'] },
      { id: 'week', key: '2', words: ['Forfait une semaine'] },
      { id: 'month', key: '3', words: ['Forfait un mois', 'trente jours'] },
    ];
    const pick = (text: string, type: 'text' | 'speech' = 'text') => matchChoice(bundles, type === 'text' ? { type, text } : { type, text, confidence: 0.9 }, ['fr', 'en'])?.id;
    // Said or written alone, each of these is in another option's label: asked again rather than a bundle bought by mistake.
    expect(pick('deux')).toBeUndefined();
    expect(pick('deux', 'speech')).toBeUndefined();
    expect(pick('une')).toBeUndefined();
    expect(pick('un')).toBeUndefined();
    // The label's own words, and a number word no other option holds, still pick.
    expect(pick('Forfait deux jours')).toBe('twoDays');
    expect(pick('trois')).toBe('month');
    expect(pick('three', 'speech')).toBe('month');
    // « de » is no « deux », on the phone or written.
    expect(pick('de', 'speech')).toBeUndefined();
    // A word an object inherits is no number word.
    expect(pick('constructor')).toBeUndefined();
  });

  it('reads number words only where a menu has that key', () => {
    const yesNo: Choice[] = [
      { id: 'yes', key: '1', words: ['Oui'] },
      { id: 'no', key: '2', words: ['Non'] },
    ];
    const pick = (text: string) => matchChoice(yesNo, { type: 'text', text }, 'fr')?.id;
    expect(pick('oui')).toBe('yes');
    expect(pick('deux')).toBe('no');
    // Keys 1 and 2 only: « neuf », « zéro » pick nothing.
    expect(pick('neuf')).toBeUndefined();
    expect(pick('zéro')).toBeUndefined();
    expect(pick('j’en veux neuf')).toBeUndefined();
  });

  describe('the one number of a short sentence', () => {
    const menu: Choice[] = [
      { id: 'balance', key: '1', words: ['Solde'] },
      { id: 'puk', key: '2', words: ['Code PUK'] },
      { id: 'agent', key: '3', words: ['Conseiller'] },
    ];
    const pick = (text: string, locales: string | string[] = 'fr', type: 'text' | 'speech' = 'text') =>
      matchChoice(menu, type === 'text' ? { type, text } : { type, text, confidence: 0.8 }, locales)?.id;

    it('picks the option a subscriber names by its key in a sentence (« le 2 svp », « je veux le 1 », « option 3 stp »), where « choix non valide » came back', () => {
      expect(pick('le 2 svp')).toBe('puk');
      expect(pick('je veux le 1')).toBe('balance');
      expect(pick('option 3 stp')).toBe('agent');
      expect(pick('Bonjour, je voudrais le 2 s’il vous plaît.')).toBe('puk');
      expect(pick('N°3')).toBe('agent');
      expect(pick('le 2 svp', 'en')).toBe('puk');
      expect(pick('le deux svp', 'fr', 'speech')).toBe('puk');
    });

    it('picks by a number word of the conversation’s language only', () => {
      expect(pick('je prends le deux')).toBe('puk');
      expect(pick('option un stp')).toBe('balance');
      expect(pick('I want two please', 'en')).toBe('puk');
      expect(pick('number one', 'pcm')).toBe('balance');
      expect(pick('i wan option three', 'pcm')).toBe('agent');
      expect(pick('mo fe méjì', 'yo')).toBe('puk');
      expect(pick('ma ɖokpó', 'fon')).toBe('balance');
      expect(pick('le deux svp', 'ln')).toBe('puk');
      // Another language's word, or a word in a language without a list: nothing.
      expect(pick('I want two please', 'fr')).toBeUndefined();
      expect(pick('je prends le deux', 'en')).toBeUndefined();
      expect(pick('je prends le deux', 'sw')).toBeUndefined();
    });

    it('takes « un », « une », « one » for a number only after a word that points at an option: they are articles too', () => {
      expect(pick('je veux un code')).toBeUndefined();
      expect(pick('I need one thing', 'en')).toBeUndefined();
      expect(pick('je veux un truc 2')).toBe('puk');
      expect(pick('numéro un')).toBe('balance');
      expect(pick('option one', 'en')).toBe('balance');
      // In Fon « un » is "I": never a number there.
      expect(pick('option un', 'fon')).toBeUndefined();
    });

    it('picks nothing when the sentence holds two numbers, a number that is no key, or a quantity', () => {
      expect(pick('1 ou 2')).toBeUndefined();
      expect(pick('le 1 ou le deux')).toBeUndefined();
      expect(pick('2 ou trois')).toBeUndefined();
      expect(pick('2000 FCFA')).toBeUndefined();
      expect(pick('j’ai payé 2 fois')).toBeUndefined();
      expect(pick('un forfait 2 Go')).toBeUndefined();
      expect(pick('le 2e')).toBeUndefined();
      expect(pick('1,5 svp')).toBeUndefined();
      // A PUK code, an account or a phone number is never a menu choice: several digits, or several groups.
      expect(pick('mon puk 12345678')).toBeUndefined();
      expect(pick('mon compte 0197000001')).toBeUndefined();
      expect(pick('appelez le 01 97 00 00 01')).toBeUndefined();
      expect(pick('le 9 svp')).toBeUndefined();
      // A long story with one number in it is not a choice.
      expect(pick('bonjour depuis hier je n arrive plus a appeler mon frere au village et on m a dit de taper 2')).toBeUndefined();
    });

    it('picks nothing for a date, a time, an amount in words, a refusal or the subscriber’s own number (a menu leading to a payment)', () => {
      // Dates and times: « j'ai payé le 2 décembre » is no request for option 2.
      expect(pick('j’ai payé le 2 décembre')).toBeUndefined();
      expect(pick('depuis le 2 décembre ça ne marche pas')).toBeUndefined();
      expect(pick('lundi 2 j’ai rechargé')).toBeUndefined();
      expect(pick('on December 2 I paid', 'en')).toBeUndefined();
      expect(pick('rappelez moi à 2')).toBeUndefined();
      expect(pick('vers 2 svp')).toBeUndefined();
      expect(pick('call me at 2', 'en')).toBeUndefined();
      // Amounts and counts.
      expect(pick('j’ai envoyé deux mille')).toBeUndefined();
      expect(pick('2 mille svp')).toBeUndefined();
      expect(pick('j’en ai 2 svp')).toBeUndefined();
      // Refusals.
      expect(pick('pas le 2 svp')).toBeUndefined();
      expect(pick('je ne veux pas le 2')).toBeUndefined();
      expect(pick('tout sauf le 2')).toBeUndefined();
      expect(pick('au lieu du 2 svp')).toBeUndefined();
      expect(pick('not 2 please', 'en')).toBeUndefined();
      expect(pick('I don’t want two', 'en')).toBeUndefined();
      expect(pick('I no want two', 'pcm')).toBeUndefined();
      expect(pick('no 2 please', 'en')).toBe('puk');
      // The subscriber's own number, code or account.
      expect(pick('mon numéro est le 2')).toBeUndefined();
      expect(pick('mon code c’est 2')).toBeUndefined();
      expect(pick('my number ends with 2', 'en')).toBeUndefined();
      // Still picked: « 1er », « 2h » were never keys, and a plain sentence still is.
      expect(pick('le 1er')).toBeUndefined();
      expect(pick('à 2h')).toBeUndefined();
      expect(pick('le numéro 2 svp')).toBe('puk');
      expect(pick('je prends le deux merci')).toBe('puk');
    });

    it('answers a 4,096-character message at once', () => {
      const long = `${'le 2 '.repeat(819)}x`;
      const spaces = `${' '.repeat(4094)}#x`;
      const started = performance.now();
      for (const text of [long, spaces, 'a'.repeat(4096), `${'1 '.repeat(2047)}2`]) {
        expect(pick(text)).toBeUndefined();
        expect(pick(text, 'fr', 'speech')).toBeUndefined();
      }
      // Generous on a shared machine: a catastrophic expression would take seconds.
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it('picks nothing when another option’s label holds the number, or the sentence names another option', () => {
      const bundles: Choice[] = [
        { id: 'small', key: '1', words: ['Forfait 2 Go'] },
        { id: 'big', key: '2', words: ['Forfait 10 Go'] },
        { id: 'days', key: '3', words: ['Forfait deux jours'] },
      ];
      const choose = (text: string) => matchChoice(bundles, { type: 'text', text }, 'fr')?.id;
      expect(choose('le 2 svp')).toBeUndefined();
      expect(choose('le deux svp')).toBeUndefined();
      expect(choose('le 3 svp')).toBe('days');
      expect(choose('le 1 stp')).toBe('small');
      // « le 1 » but the words of option 3: asked again.
      expect(matchChoice(menu, { type: 'text', text: 'le 1 conseiller' }, 'fr')).toBeUndefined();
      expect(matchChoice(menu, { type: 'text', text: 'le 3 conseiller' }, 'fr')?.id).toBe('agent');
    });

    it('reads digits only in a sentence at a language menu (no language chosen yet)', () => {
      const languages: Choice[] = [
        { id: 'fr', key: '1', words: ['fr', 'Français'] },
        { id: 'fon', key: '2', words: ['fon', 'Fɔngbè'] },
        { id: 'en', key: '3', words: ['en', 'English'] },
      ];
      const choose = (text: string) => matchChoice(languages, { type: 'text', text }, ['fr', 'fon', 'en'])?.id;
      expect(choose('le 3 svp')).toBe('en');
      expect(choose('we want to speak')).toBeUndefined();
    });
  });

  describe('a question about an option, or an option refused by its name: asked again, not picked', () => {
    const menu: Choice[] = [
      { id: 'balance', key: '1', words: ['Solde'] },
      { id: 'puk', key: '2', words: ['Code PUK'] },
      { id: 'credit', key: '3', words: ['Crédit'] },
      { id: 'bill', key: '4', words: ['Facture'] },
    ];
    const pick = (text: string, locales: string | string[] = 'fr', type: 'text' | 'speech' = 'text') =>
      matchChoice(menu, type === 'text' ? { type, text } : { type, text, confidence: 0.8 }, locales)?.id;

    it('asks again at « c’est quoi le 2 ? » (a question about option 2), where option 2 ran', () => {
      expect(pick('c’est quoi le 2 ?')).toBeUndefined();
      expect(pick('c est quoi le 2', 'fr', 'speech')).toBeUndefined();
      expect(pick('le 2 c koi')).toBeUndefined();
      expect(pick('qu’est-ce que le 2 ?')).toBeUndefined();
      expect(pick('ça veut dire quoi le 3')).toBeUndefined();
      expect(pick('que veut dire le 3 ?')).toBeUndefined();
      expect(pick('le 2 signifie quoi')).toBeUndefined();
      expect(pick('what is 2?', 'en')).toBeUndefined();
      expect(pick('what’s option two', 'en')).toBeUndefined();
      expect(pick('wetin be number 2', 'pcm')).toBeUndefined();
      expect(pick('kí ni 2?', 'yo')).toBeUndefined();
      expect(pick('kini méjì', 'yo')).toBeUndefined();
      expect(pick('etɛ́ nyí 2 ?', 'fon')).toBeUndefined();
    });

    it('asks again when the sentence refuses the option it names (« pas le solde », « je ne veux pas le crédit »), where that option ran', () => {
      expect(pick('pas le solde')).toBeUndefined();
      expect(pick('je ne veux pas le crédit')).toBeUndefined();
      expect(pick('surtout pas de crédit svp')).toBeUndefined();
      expect(pick('tout sauf la facture')).toBeUndefined();
      expect(pick('sans code PUK')).toBeUndefined();
      expect(pick('not balance, solde never', 'en')).toBeUndefined();
      expect(pick('I don’t want credit', 'en')).toBeUndefined();
      expect(pick('I no want solde', 'pcm')).toBeUndefined();
      expect(pick('mi kò fẹ́ solde', 'yo')).toBeUndefined();
      expect(pick('rárá, kìí ṣe facture', 'yo')).toBeUndefined();
      expect(pick('un ma jló solde', 'fon')).toBeUndefined();
      expect(pick('un ma jló 1', 'fon')).toBeUndefined();
    });

    it('still picks an option asked for, named in a question that asks for it, or whose own label says « pas »', () => {
      expect(pick('quel est mon solde ?')).toBe('balance');
      expect(pick('je veux mon solde')).toBe('balance');
      expect(pick('le crédit svp')).toBe('credit');
      expect(pick('le 2 ?')).toBe('puk');
      expect(pick('no 2 please', 'en')).toBe('puk');
      expect(pick('I want credit', 'pcm')).toBe('credit');
      expect(pick('mo fẹ́ solde', 'yo')).toBe('balance');
      // Fon subscribers write French too: « ma » is « my » there, and « ma ɖokpó » still picks.
      expect(pick('je veux ma facture', 'fon')).toBe('bill');
      expect(pick('ma ɖokpó', 'fon')).toBe('balance');
      const troubles: Choice[] = [
        { id: 'network', key: '1', words: ['Pas de réseau'] },
        { id: 'internet', key: '2', words: ['Internet lent'] },
      ];
      const trouble = (text: string) => matchChoice(troubles, { type: 'text', text }, 'fr')?.id;
      expect(trouble('pas de réseau')).toBe('network');
      expect(trouble('j’ai pas de réseau depuis hier')).toBe('network');
      expect(trouble('pas internet lent')).toBeUndefined();
    });
  });

  describe('a refusal and a choice, each in its own clause', () => {
    const menu: Choice[] = [
      { id: 'puk', key: '1', words: ['Code PUK'] },
      { id: 'balance', key: '2', words: ['Mon solde'] },
      { id: 'money', key: '3', words: ['Mobile money'] },
    ];
    const pick = (text: string, locales: string | string[] = 'fr', type: 'text' | 'speech' = 'text') =>
      matchChoice(menu, type === 'text' ? { type, text } : { type, text, confidence: 0.8 }, locales)?.id;

    it('picks what the subscriber chose beside what they refused (« je veux pas attendre, le 2 », « non pas le 1, le 2 »), where « choix non valide » came back', () => {
      expect(pick('je veux pas attendre, le 2')).toBe('balance');
      expect(pick('non pas le 1, le 2')).toBe('balance');
      expect(pick('pas le 1 mais le 2')).toBe('balance');
      expect(pick('pas 1 mais 2')).toBe('balance');
      expect(pick('le 2, pas le 1')).toBe('balance');
      expect(pick('je sais pas, le 2 je crois')).toBe('balance');
      expect(pick('je ne veux pas attendre, mon solde')).toBe('balance');
      expect(pick('pas mobile money, mon solde')).toBe('balance');
      expect(pick('I don’t want to wait, option 2', 'en')).toBe('balance');
      expect(pick('I no want wait, 2', 'pcm')).toBe('balance');
      expect(pick('c’est le 2')).toBe('balance');
    });

    it('still asks again when the refusal may be of the choice, the message names two, or asks about one', () => {
      // « le 2, je veux pas »: the 2 may be what is refused; a payment behind it must not run.
      expect(pick('le 2, je veux pas')).toBeUndefined();
      expect(pick('je veux le 2 mais pas maintenant')).toBeUndefined();
      expect(pick('pas le 2, le 2')).toBeUndefined();
      expect(pick('2, pas 2')).toBeUndefined();
      expect(pick('pas le 1, le 2 ou le 3')).toBeUndefined();
      expect(pick('le 2 pas le 1')).toBeUndefined();
      expect(pick('pas le 1, mon numéro est le 2')).toBeUndefined();
      expect(pick('2 c’est quoi déjà ? le 2')).toBeUndefined();
      // A story is no choice, however it is cut.
      expect(pick('je veux pas attendre, ça fait une heure que j’appelle, mon frère, le 2')).toBeUndefined();
    });

    it('answers a 4,096-character message of clauses and refusals at once', () => {
      const started = performance.now();
      for (const text of [`${'pas, '.repeat(819)}2`, `${'pas mais '.repeat(455)}2`, `${'pas le 1, '.repeat(409)}le 2`]) expect(pick(text)).toBeUndefined();
      // Generous on a shared machine: a catastrophic expression would take seconds.
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });

  it('matches nothing for * or # when no option has that key', () => {
    const numbersOnly = choices.slice(0, 1);
    expect(matchChoice(numbersOnly, { type: 'text', text: '#' }, 'fr')).toBeUndefined();
    expect(matchChoice(numbersOnly, { type: 'digits', digits: '*' }, 'fr')).toBeUndefined();
  });

  it('reads number words in the conversation’s language only: in Fon « un » is "I", not option 1', () => {
    const menu: Choice[] = [
      { id: 'puk', key: '1', words: ['Code PUK'] },
      { id: 'balance', key: '2', words: ['Solde'] },
      { id: 'agent', key: '3', words: ['Conseiller'] },
    ];
    const pick = (text: string, locale: string) => matchChoice(menu, { type: 'text', text }, locale)?.id;
    // French words in French (any region), English words in English and Cameroon's Pidgin.
    expect(pick('un', 'fr')).toBe('puk');
    expect(pick('deux', 'fr-BJ')).toBe('balance');
    expect(pick('two', 'en')).toBe('balance');
    expect(pick('three', 'pcm')).toBe('agent');
    expect(pick('one', 'fr')).toBeUndefined();
    expect(pick('deux', 'en')).toBeUndefined();
    // Fon: « un » (I) is no key; ɖokpó, wè, atɔ̀n are, and French « deux »… (a Fon subscriber reads French menus).
    expect(pick('un', 'fon')).toBeUndefined();
    expect(pick('une', 'fon')).toBeUndefined();
    expect(pick('deux', 'fon')).toBe('balance');
    expect(pick('ɖokpó', 'fon')).toBe('puk');
    expect(pick('Wè', 'fon')).toBe('balance');
    expect(pick('atɔ̀n', 'fon')).toBe('agent');
    // Yoruba, with tones and dots or without.
    expect(pick('méjì', 'yo')).toBe('balance');
    expect(pick('mẹ́ta', 'yo')).toBe('agent');
    expect(pick('okan', 'yo')).toBe('puk');
    expect(pick('meji', 'fr')).toBeUndefined();
    // Lingala, Dioula, Baoulé, Bariba, Kituba: no list of their own; their subscribers read the French
    // menus and write « deux » (as they could before words followed the language), never « un ».
    for (const local of ['ln', 'dyu', 'bci', 'bba', 'ktu', 'ln-CG']) {
      expect(pick('deux', local), local).toBe('balance');
      expect(pick('un', local), local).toBeUndefined();
      expect(pick('two', local), local).toBeUndefined();
    }
    expect(pick('2', 'ln')).toBe('balance');
    // A language nobody wrote a list for reads no words at all, only digits and labels.
    expect(pick('deux', 'sw')).toBeUndefined();
    expect(pick('solde', 'fon')).toBe('balance');
  });

  it('reads the number words of every offered language at a language menu (none chosen yet), a word two languages disagree on none', () => {
    const languages: Choice[] = [
      { id: 'fr', key: '1', words: ['fr', 'Français'] },
      { id: 'fon', key: '2', words: ['fon', 'Fɔngbè'] },
      { id: 'en', key: '3', words: ['en', 'English'] },
    ];
    const pick = (text: string) => matchChoice(languages, { type: 'text', text }, ['fr', 'fon', 'en'])?.id;
    expect(pick('un')).toBe('fr');
    expect(pick('wè')).toBe('fon');
    expect(pick('three')).toBe('en');
  });
});
