import { describe, expect, it } from 'vitest';
import { likelySensitive } from './likelySensitive.ts';

describe('likelySensitive', () => {
  it('takes a PUK, a PIN, a code or a password for a secret', () => {
    for (const name of ['puk', 'puk2', 'pin', 'code', 'code_pin', 'password', 'mot_de_passe', 'otp', 'numero_compte']) expect(likelySensitive(name), name).toBe(true);
  });
  it('leaves ordinary values alone', () => {
    for (const name of ['segment', 'solde', 'langue', 'montant', 'spinner', 'barcode_seen']) expect(likelySensitive(name), name).toBe(false);
  });
});
