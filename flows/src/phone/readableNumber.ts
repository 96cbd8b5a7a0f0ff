import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number grouped for reading, as its country writes it (`+2290197000002` →
 * `+229 01 97 00 00 02`); anything that is not a valid international number comes back as given.
 */
export function readableNumber(number: string): string {
  if (!number.startsWith('+')) return number;
  const parsed = parsePhoneNumberFromString(number);
  return parsed?.isValid() ? parsed.formatInternational() : number;
}
