import { describe, expect, it } from 'vitest';
import { maskMessageText } from './maskMessageText.ts';

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
});
