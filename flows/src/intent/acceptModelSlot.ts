import type { JsonValue } from '../interpreter/types.ts';
import { AMOUNT_MAX_DIGITS, extractSlot, type SlotKind } from './extractSlots.ts';

/**
 * The longest slot value taken from a model: a phone number, an amount or a reference fits in
 * far less, and a free-text slot (a name, a district) is a few words. Longer is an injection
 * or a confused model, and would otherwise reach the flow's values (64 Ki each at most).
 */
export const MODEL_SLOT_MAX_CHARS = 200;

/** Digits with the separators people and models put between them. */
const DIGITS_ONLY = /^[\d .\-\u00a0\u202f]+$/;
/** A phone number as written: digits, separators, a leading "+". */
const PHONE_ONLY = /^\+?[\d .()\-\u00a0\u202f]+$/;
/** Control characters and markup have no place in a caller's name or district, and a prompt may speak the value. */
const NOT_TEXT = /[\p{Cc}<>]/u;

/**
 * A model's value for a slot, checked as the fallback extractor reads the caller's words: only
 * digits for `digits`, a number the region's rules accept (E.164) for `phone`, a plain number for
 * `amount`, a short plain text for `text`. Undefined when it does not pass: the model's words are
 * the caller's words rephrased, and a caller may ask it to put anything there.
 */
export function acceptModelSlot(value: unknown, kind: SlotKind, region: string): JsonValue | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    if (kind === 'amount') return Math.trunc(value).toString().length <= AMOUNT_MAX_DIGITS ? value : undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    value = String(value);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > MODEL_SLOT_MAX_CHARS) return undefined;
  switch (kind) {
    case 'digits':
      // The extractor reads runs split by spaces only; a model's value is all one run.
      return DIGITS_ONLY.test(text) && /\d/.test(text) ? text.replace(/\D/g, '') : undefined;
    case 'phone':
      return PHONE_ONLY.test(text) ? extractSlot(text, 'phone', region) : undefined;
    case 'amount':
      return DIGITS_ONLY.test(text.replace(/,\d{1,2}$/, '')) ? extractSlot(text, 'amount', region) : undefined;
    case 'text':
      return NOT_TEXT.test(text) ? undefined : text;
  }
}
