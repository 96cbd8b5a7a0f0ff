import type { TFunction } from 'i18next';
import { readableNumber } from '@griot/flows';

/** A number a phone can dial: `+` and 6 to 15 digits (E.164), as voice and WhatsApp callers have. */
export function isCallable(callerId: string): boolean {
  return /^\+?\d{6,15}$/.test(callerId);
}

/** Four digits that stay the same for one platform id, so an agent tells two visitors apart without reading the id. */
export function visitorTag(callerId: string): string {
  let hash = 0;
  for (const char of callerId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return String(hash % 10_000).padStart(4, '0');
}

/**
 * How the inbox names a caller: their number when they have one, grouped for reading
 * (`+229 01 97 00 00 02`); a chat visitor known only by a
 * platform id (`botframework:user-conv1`) as « Visiteur du chat #1234 », never the raw id.
 */
export function callerLabel(t: TFunction, callerId: string): string {
  if (isCallable(callerId)) return readableNumber(callerId);
  return t('inbox.visitor', { tag: visitorTag(callerId) });
}
