import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';

/** Channel prefixes some platforms put before the number (`tel:`, `whatsapp:`, `sip:…@host`). */
const URI_PREFIX = /^(tel|sip|sips|whatsapp):/i;

/**
 * Any caller number → E.164 (`+2290197000001`), or null when it is not a phone number.
 * Accepts international (`+229 01 97 00 00 01`, `00229…`), national in the default region
 * (`0197000001`) and WhatsApp's international digits without `+` (`2290197000001`).
 * A valid reading wins over a merely possible one, so `33612345678` (a French mobile sent by
 * WhatsApp) is not taken for an impossible Beninese number.
 */
export function normalizeNumber(raw: string, defaultRegion: string): string | null {
  // The same callers come back all day; parsing with metadata costs far more than a map look-up.
  const key = `${defaultRegion}\u0000${raw}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const normalized = normalizeUncached(raw, defaultRegion);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, normalized);
  return normalized;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, string | null>();

function normalizeUncached(raw: string, defaultRegion: string): string | null {
  const cleaned = raw
    .trim()
    .replace(URI_PREFIX, '')
    .replace(/@.*$/, '')
    .replace(/[\s().\-/]/g, '');
  if (!/^\+?[0-9]{3,17}$/.test(cleaned.replace(/^00/, '+'))) return null;
  const text = cleaned.startsWith('00') ? `+${cleaned.slice(2)}` : cleaned;
  if (text.startsWith('+')) return pick([read(text)]);
  return pick([read(text, defaultRegion), read(`+${text}`)]);
}

function read(text: string, region?: string): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, region as CountryCode | undefined);
  } catch {
    return undefined;
  }
}

function pick(candidates: Array<PhoneNumber | undefined>): string | null {
  const valid = candidates.find((p) => p?.isValid());
  if (valid) return valid.number;
  const possible = candidates.find((p) => p?.isPossible());
  return possible ? possible.number : null;
}
