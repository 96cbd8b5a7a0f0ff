import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { JsonValue } from '../interpreter/types.ts';

export type SlotKind = 'phone' | 'amount' | 'digits' | 'text';

/**
 * Pulls declared values out of an utterance without a model: a phone number (E.164, read with
 * the flow's region), an amount ("5 000 F", "2500 francs"), a run of digits.
 */
export function extractSlot(text: string, kind: SlotKind, region: string): JsonValue | undefined {
  switch (kind) {
    case 'phone': {
      const found = findPhoneNumbersInText(text, region as CountryCode)[0];
      return found?.number.number;
    }
    case 'amount': {
      const match = /(\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:[,.](\d{1,2}))?/.exec(text);
      if (!match?.[1]) return undefined;
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
