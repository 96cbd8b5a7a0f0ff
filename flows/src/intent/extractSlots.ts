import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { JsonValue } from '../interpreter/types.ts';

export type SlotKind = 'phone' | 'amount' | 'digits' | 'text';

/**
 * What of a caller's text the phone and amount extractors read: a hostile caller may type
 * thousands of digits, and libphonenumber's cost grows with its input (≈150 ms for 4,096
 * characters on a loaded server). A phone number, formatted, is at most ~30 characters (15 digits
 * with separators), and what tells it apart (a "+", "tel", words) sits close by: each digit run
 * that could be one is read with `PHONE_CONTEXT` characters on either side, the first
 * `PHONE_CANDIDATES` runs only. An amount is the first number, read within `AMOUNT_WINDOW`
 * characters of its first digit; a run of more than `AMOUNT_MAX_DIGITS` digits is no amount.
 */
export const PHONE_CONTEXT = 40;
export const PHONE_CANDIDATES = 3;
export const AMOUNT_WINDOW = 40;
export const AMOUNT_MAX_DIGITS = 15;

/** A run of digits and separators that could hold a phone number (at most 32 characters taken, the window adds the rest). */
const PHONE_RUN = /\+?\d[\d .()\-\u00a0\u202f]{4,30}\d/g;

/**
 * Pulls declared values out of an utterance without a model: a phone number (E.164, read with
 * the flow's region), an amount ("5 000 F", "2500 francs"), a run of digits. Phone and amount read
 * only bounded windows of the text (see `PHONE_CONTEXT`), so a long or hostile text costs little.
 */
export function extractSlot(text: string, kind: SlotKind, region: string): JsonValue | undefined {
  switch (kind) {
    case 'phone': {
      let candidates = 0;
      for (const run of text.matchAll(PHONE_RUN)) {
        const window = text.slice(Math.max(0, run.index - PHONE_CONTEXT), run.index + run[0].length + PHONE_CONTEXT);
        const found = findPhoneNumbersInText(window, region as CountryCode)[0];
        if (found) return found.number.number;
        candidates += 1;
        if (candidates >= PHONE_CANDIDATES) break;
      }
      return undefined;
    }
    case 'amount': {
      const first = text.search(/\d/);
      if (first < 0) return undefined;
      const match = /(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:[,.](\d{1,2}))?/.exec(text.slice(first, first + AMOUNT_WINDOW));
      if (!match?.[1] || match[1].replace(/\D/g, '').length > AMOUNT_MAX_DIGITS) return undefined;
      const whole = Number(match[1].replace(/[ .\u00a0\u202f]/g, ''));
      return match[2] ? Number(`${whole}.${match[2]}`) : whole;
    }
    case 'digits': {
      const runs = text.match(/\d[\d ]*\d|\d/g) ?? [];
      const longest = runs.map((r) => r.replace(/ /g, '')).sort((a, b) => b.length - a.length)[0];
      return longest;
    }
    case 'text':
      return undefined;
  }
}

/** Digit runs of three or more are masked before an utterance leaves for a model. */
export function maskDigits(text: string): string {
  return text.replace(/\d[\d .-]{1,}\d/g, (run) => (run.replace(/\D/g, '').length >= 3 ? '•••' : run));
}
