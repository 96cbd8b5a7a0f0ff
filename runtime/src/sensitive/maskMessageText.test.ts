import { describe, expect, it } from 'vitest';
import { maskCodes, maskMessageText } from './maskMessageText.ts';

describe('maskMessageText', () => {
  it('masks a PUK, an account or phone number, grouped or not', () => {
    expect(maskMessageText('votre code PUK est 12345678')).toBe('votre code PUK est •••');
    expect(maskMessageText('compte 0012-3456-789, merci')).toBe('compte •••, merci');
    expect(maskMessageText('PUK : 12 34 56 78.')).toBe('PUK : •••.');
    expect(maskMessageText('rappelez le +221 77 123 45 67')).toBe('rappelez le •••');
  });

  it('keeps amounts, times, dates and short numbers an agent needs in the history', () => {
    const text = 'Votre solde est de 12 500 FCFA, le 05/12/2026 à 10:30, choix 3';
    expect(maskMessageText(text)).toBe(text);
  });

  it("masks the session's sensitive values, longest first", () => {
    expect(maskMessageText('solde 4 250 FCFA, réf TX-ab12', ['4 250 FCFA', 'TX-ab12', '250 F'])).toBe('solde •••, réf •••');
  });

  it('finds a numeric sensitive value however it is grouped, not inside another number', () => {
    expect(maskMessageText('votre solde est de 50 000 FCFA (50.000), pas 15000 ni 150 00', ['50000'])).toBe('votre solde est de ••• FCFA (•••), pas 15000 ni 150 00');
  });

  it('changes nothing already masked', () => {
    expect(maskMessageText('code •••', ['•••'])).toBe('code •••');
  });

  it('masks a code read out in words, French or English, alone or mixed with digits', () => {
    expect(maskMessageText('votre PUK : huit sept six cinq quatre trois deux un, notez-le')).toBe('votre PUK : •••, notez-le');
    expect(maskMessageText('PUK87 65 quarante-trois 21ok')).toBe('PUK•••ok');
    expect(maskMessageText('c’est 87 65 quarante-trois 21.')).toBe('c’est •••.');
    expect(maskMessageText('code: Eight, Seven, six, five, four, three')).toBe('code: •••');
    expect(maskMessageText('quatre-vingt-sept soixante-cinq quarante-trois vingt et un')).toBe('•••');
    expect(maskMessageText('Zéro un deux 3 4 5, merci')).toBe('•••, merci');
    expect(maskMessageText('il vous reste vingt-trois mille cinq cent dix-sept francs')).toBe('il vous reste ••• francs');
  });

  it('masks a code read out in Yoruba or Fon words, with their tones or without, precomposed or not', () => {
    // Yoruba, as Wikipedia's « Yoruba numerals » writes the digits; the plain forms a phone keyboard gives.
    expect(maskMessageText('PUK mi: èjì ẹ̀ta ẹ̀rin ọ̀kan èjì èje ẹ̀sán ẹ̀jọ')).toBe('PUK mi: •••');
    expect(maskMessageText('PUK mi: èjì ẹ̀ta ẹ̀rin ọ̀kan èjì èje ẹ̀sán ẹ̀jọ'.normalize('NFD'))).toBe('PUK mi: •••');
    expect(maskMessageText('eji, eta, erin, okan, eji, eje, esan, ejo, odo')).toBe('•••');
    expect(maskMessageText('nọ́mbà mi: mẹ́ta márùn-ún méjì mẹ́rin mẹ́fà méje')).toBe('nọ́mbà mi: •••');
    // Fon (1, 2, 3), alone or mixed with French words and digits.
    expect(maskMessageText('ɖokpó, wè, atɔ̀n, ɖokpó, wè, atɔ̀n, merci')).toBe('•••, merci');
    expect(maskMessageText('ɖokpo we aton 4 5 6 7 8')).toBe('•••');
    expect(maskMessageText('code : ɖokpó wè atɔ̀n quatre cinq six')).toBe('code : •••');
  });

  it('counts a local word that is also an everyday word only beside another number word, or three in a row', () => {
    for (const text of ['we 12345 then', 'Erin, Eta and 1234', 'the meta ETA is 20:12, gate 34', 'ode to joy, eni 3 4 5 6', 'PUK: we will call 1 2 3 4 5']) {
      expect(maskMessageText(text)).toBe(text);
    }
    // The everyday word before a code stays readable; the code goes.
    expect(maskMessageText('we 123456 now')).toBe('we ••• now');
    expect(maskMessageText('code 12345678 we')).toBe('code ••• we');
  });

  it("masks the session's digit values said in words, and only them", () => {
    expect(maskMessageText('mon code secret est quatre huit deux sept, merci', ['4827'])).toBe('mon code secret est •••, merci');
    expect(maskMessageText('my PIN: four eight two seven', ['4827'])).toBe('my PIN: •••');
    expect(maskMessageText('mon code : quarante-huit vingt-sept', ['4827'])).toBe('mon code : •••');
    expect(maskMessageText('PIN ẹ̀rin ẹ̀jọ èjì èje', ['4827'])).toBe('PIN •••');
    expect(maskMessageText('quatre huit deux huit', ['4827'])).toBe('quatre huit deux huit');
    expect(maskMessageText('quarante-huit vingt-huit', ['4827'])).toBe('quarante-huit vingt-huit');
    expect(maskMessageText('quatre mille huit', ['4827', '4008'])).toBe('quatre mille huit');
  });

  it('keeps ordinary sentences with number words', () => {
    for (const text of [
      'Rendez-vous le 7 sept 2026 à neuf heures',
      'en deux mille vingt-six, un ou deux jours',
      'un, deux ou trois essais ; sept jours sur sept',
      'I need one or two minutes, then five more',
      'choisissez 1, 2 ou 3',
      'un neuf, six mois',
    ]) {
      expect(maskMessageText(text)).toBe(text);
    }
  });

  it('masks a code however its digits are separated: commas, slashes, tabs, several spaces, « puis »', () => {
    for (const [text, kept] of [
      ['8, 7, 6, 5, 4, 3, 2, 1', '•••'],
      ['PUK 8,7,6,5,4,3,2,1.', 'PUK •••.'],
      ['8 7 6 5, 4 3 2 1', '•••'],
      ['8 / 7 / 6 / 5 / 4 / 3', '•••'],
      ['code 8765  4321 merci', 'code ••• merci'],
      ['8765 - 4321', '•••'],
      ['8\t7\t6\t5\t4\t3\t2\t1', '•••'],
      ['8765\t4321', '•••'],
      ['mon puk c est 8 7 6 5 puis 4 3 2 1', 'mon puk c est •••'],
      ['12.05.20.26', '•••'],
      ['12/34/5678', '•••'],
    ] as const) {
      expect(maskMessageText(text)).toBe(kept);
    }
  });

  it('masks a code mixing one number word and digits whole, leaving no digit behind', () => {
    expect(maskMessageText('huit 7 6 5 4 3 2 1')).toBe('•••');
    expect(maskMessageText('c’est 8765 quatre 321')).toBe('c’est •••');
  });

  it('keeps a date or a time readable whole, or masks it whole when joined to another number', () => {
    for (const text of ['12/05/2026 14:30', 'le 12.05.2026', 'le 2026-12-05 à 14h30', 'le 05/12/26, 9:05']) {
      expect(maskMessageText(text)).toBe(text);
    }
    expect(maskMessageText('réf 4 12/05/2026')).toBe('réf •••');
  });

  it('masks an amount of six digits or more (a balance is account data), keeps smaller ones', () => {
    expect(maskMessageText('votre solde : 125 000 FCFA')).toBe('votre solde : ••• FCFA');
    expect(maskMessageText('votre solde : 1 250 000 FCFA')).toBe('votre solde : ••• FCFA');
    expect(maskMessageText('votre solde : 12 500 FCFA')).toBe('votre solde : 12 500 FCFA');
  });

  it('masks an amount said in words or with « million(s) / milliard(s) / thousand / million / billion » with money about it, as its digits would be', () => {
    for (const [text, kept] of [
      ['votre solde : deux millions cinq cent mille francs', 'votre solde : ••• francs'],
      ['il me reste 2,5 millions sur le compte', 'il me reste ••• sur le compte'],
      ['my balance is one million two hundred thousand', 'my balance is •••'],
      ['deux cent cinquante mille francs, merci', '••• francs, merci'],
      ['solde 1.2 million', 'solde •••'],
      ['3 milliards', '•••'],
      ['un million de francs', '••• de francs'],
      ['votre solde est de un million', 'votre solde est de •••'],
      ['cent mille FCFA', '••• FCFA'],
    ] as const) {
      expect(maskMessageText(text)).toBe(kept);
    }
  });

  it('keeps a figure with a scale and no money about it under 100 000 000, and amounts under 100 000', () => {
    for (const text of [
      'deux cent cinquante mille, merci',
      '1.2 million',
      'mille mercis',
      'un million de fois merci',
      'Thanks a million!',
      'cent mille mercis à vous',
      'en deux mille vingt-six',
      'vingt mille lieues sous les mers',
      'il vous reste quatre-vingt mille francs',
    ]) {
      expect(maskMessageText(text)).toBe(text);
    }
  });

  it.each([
    // Short forms of a balance, with a currency or a money word before or after.
    ['il me reste 2M FCFA', 'il me reste ••• FCFA'],
    ['my balance is 1.5m', 'my balance is •••'],
    ['solde 150k', 'solde •••'],
    ["j'ai 2,5 M sur mon compte", "j'ai ••• sur mon compte"],
    ['solde: 3 Mds FCFA', 'solde: ••• FCFA'],
    ['balance $2.5M', 'balance $•••'],
    ['balance: 1.2bn', 'balance: •••'],
    ['I have 2 mn dollars', 'I have ••• dollars'],
    ['il me reste 1M5', 'il me reste •••'],
    ['XOF 1 mln', 'XOF •••'],
    ['solde 2 mrd', 'solde •••'],
    ["j'ai deux millions sur mon compte", "j'ai ••• sur mon compte"],
    // 100 000 000 or more: masked whatever the context, unless it says what else it counts.
    ['3 Mds', '•••'],
    ['100M5', '•••'],
    ['trois milliards', '•••'],
    ['il y a 3 milliards d’euros', 'il y a ••• d’euros'],
    // Ordinary text stays.
    ["2 millions d'habitants", "2 millions d'habitants"],
    ['1 million de fois merci', '1 million de fois merci'],
    ['cent cinquante mille mercis', 'cent cinquante mille mercis'],
    ["il y a 3 milliards d'années", "il y a 3 milliards d'années"],
    ['deux millions', 'deux millions'],
    ['1M5', '1M5'],
    ['99M9', '99M9'],
    ['solde 50k', 'solde 50k'],
    ['courir 100 m', 'courir 100 m'],
    ['500 mn de communication', '500 mn de communication'],
    ['3 km à pied', '3 km à pied'],
    // Plain digit runs of 6 or more stay masked whatever follows.
    ['PUK 123456 de fois', 'PUK ••• de fois'],
    ['1 000 000 de mercis', '••• de mercis'],
  ] as const)('masks an amount with a scale only as a balance: %s → %s', (text, masked) => {
    expect(maskMessageText(text)).toBe(masked);
  });

  it('masks long runs of number words even when they are not a code (accepted, simple and safe)', () => {
    expect(maskMessageText('en mille neuf cent quatre-vingt-dix-neuf')).toBe('en •••');
    expect(maskMessageText('Étape un, deux, trois, quatre, cinq et six')).toBe('Étape •••');
  });

  it('reads a hostile text in one pass', () => {
    const hostile = [
      '1 '.repeat(50_000),
      `${' '.repeat(100_000)}x`,
      '1/'.repeat(50_000),
      'un '.repeat(50_000),
      '12/12/'.repeat(20_000),
      `1${'-'.repeat(30)}`.repeat(3_000),
      `8${' '.repeat(40)}`.repeat(3_000),
      'cent mille mercis '.repeat(20_000),
      'solde un million, '.repeat(20_000),
      '2,5 millions '.repeat(20_000),
    ];
    for (const text of hostile) expect(maskCodes(text).length).toBeLessThanOrEqual(text.length);
    expect(maskCodes('1 '.repeat(50_000))).toBe('••• ');
  });
});
