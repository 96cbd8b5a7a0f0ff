import { describe, expect, it } from 'vitest';
import { decodeGsm7, encodeGsm7, outsideGsm7, planSms, smsEncodingOf } from './planSms.ts';

describe('planSms', () => {
  it('keeps French with é, è, à, ù in GSM 03.38, and goes UCS-2 for ê, ô, ç, œ, « », ’', () => {
    expect(smsEncodingOf('Votre numéro de ligne, suivi de dièse. Voilà où ça…'.replace('ça…', 'la'))).toBe('gsm7');
    expect(smsEncodingOf('Vous êtes au 1919')).toBe('ucs2');
    expect(outsideGsm7('Vous êtes « bientôt » chez l’opérateur, ça, cœur')).toEqual(['ê', '«', 'ô', '»', '’', 'ç', 'œ']);
    // The extension table is GSM too (two septets each).
    expect(smsEncodingOf('Prix : 100 € [TTC] {ok} ~ ^ | \\')).toBe('gsm7');
  });

  it('sends 160 GSM characters as one SMS, 161 as two parts of at most 153', () => {
    expect(planSms('a'.repeat(160)).parts).toEqual(['a'.repeat(160)]);
    const long = planSms('a'.repeat(161));
    expect(long).toEqual({ encoding: 'gsm7', parts: ['a'.repeat(153), 'a'.repeat(8)] });
  });

  it('counts an extension character as two septets, and never ends a part between its escape and its code', () => {
    expect(planSms('€'.repeat(80)).parts).toHaveLength(1);
    const parts = planSms('€'.repeat(81)).parts;
    // 153 septets hold 76 euros (152), the 77th would need 154.
    expect(parts.map((p) => p.length)).toEqual([76, 5]);
  });

  it('sends 70 UCS-2 characters as one SMS, 71 as parts of 67, an emoji never cut in two', () => {
    expect(planSms('ê'.repeat(70)).parts).toHaveLength(1);
    expect(planSms('ê'.repeat(71)).parts.map((p) => p.length)).toEqual([67, 4]);
    const withEmoji = planSms(`${'ê'.repeat(66)}😀${'ê'.repeat(10)}`);
    expect(withEmoji.encoding).toBe('ucs2');
    expect(withEmoji.parts[0]).toBe('ê'.repeat(66));
    expect(withEmoji.parts.join('')).toBe(`${'ê'.repeat(66)}😀${'ê'.repeat(10)}`);
  });

  it('encodes GSM 03.38 as the SMSC reads it and back', () => {
    expect([...encodeGsm7('@A a€\n')]).toEqual([0x00, 0x41, 0x20, 0x61, 0x1b, 0x65, 0x0a]);
    const text = 'Réponse : 1. Code PUK [2€] à Ñ';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
    expect(() => encodeGsm7('ê')).toThrow(/not in GSM 03.38/);
  });
});
