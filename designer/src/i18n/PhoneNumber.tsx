import { readableNumber } from '@griot/flows';
import { contained } from './isolate.ts';

/**
 * A phone number (or a line's address) as people read it, through the one formatter every screen
 * uses (`readableNumber`: `+2290197000077` → `+229 01 97 00 00 77`; anything that is not a valid
 * international number, a short code, a platform id, shown as typed), isolated left to right: beside
 * a right-to-left name (a WhatsApp profile name, a queue's) its digits and its `+` stay where they are.
 */
export function PhoneNumber({ number }: { number: string }) {
  return <bdi dir="ltr">{contained(readableNumber(number))}</bdi>;
}
