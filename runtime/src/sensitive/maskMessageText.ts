import { MASK } from '@griot/flows';

/**
 * Six digits or more in a row, spaces, dots or dashes between them allowed, with a leading `+`:
 * a PUK (8 digits), a PIN-unblocking or account number, a card or phone number, `12 34 56 78`.
 * Amounts and times under a million (`12 500 FCFA`, `10:30`), dates (`05/12/2026`) stay.
 */
const CODE_LIKE = /\+?\d(?:[ .\-\u00a0\u202f]?\d){5,}/g;

/**
 * A message of a closed contact as it is kept: each of `values` (the session's sensitive values)
 * and every code-like digit run become `•••`, as transcripts show them. Longer values first, so
 * that a value inside another leaves nothing behind.
 */
export function maskMessageText(text: string, values: readonly string[] = []): string {
  let masked = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length === 0 || value === MASK) continue;
    // A number as people write it (50000 is also « 50 000 » or « 50.000 »), not inside another number.
    if (/^\d+$/.test(value)) masked = masked.replace(new RegExp(`(?<!\\d)${value.split('').join(SEPARATOR)}(?!\\d)`, 'g'), MASK);
    else masked = masked.split(value).join(MASK);
  }
  return masked.replace(CODE_LIKE, MASK);
}

/** What may stand between the digits of a number someone types. */
const SEPARATOR = '[ .\\-\u00a0\u202f]?';
