import type { Channel } from '@griot/flows';

/**
 * The channels whose platform names a subscriber by an id of its own, given in a message the
 * platform authenticated (Telegram's secret token, Meta's signature), and their ids' spelling.
 * Elsewhere the sender's id is whatever a client or a network says (a Direct Line page chooses
 * its `from.id`, a SIP trunk its From, an SMSC an alphanumeric sender): never a platform caller.
 */
const PLATFORM_IDS: Partial<Record<Channel, RegExp>> = {
  telegram: /^telegram:[0-9]{1,20}$/,
  messenger: /^messenger:[0-9]{1,22}$/,
};

/**
 * The platform identity `channel` gave as the caller (`telegram:123456789` from Telegram,
 * `messenger:<psid>` from Messenger), or null for a phone number or anything else. Such a caller
 * is never taken for a number: their profile is keyed by this identity until it is linked to one.
 * A key in another channel's name (`telegram:…` from Bot Framework, a web chat, a SIP From) is
 * no one's: it would read that subscriber's profile and their linked number.
 */
export function platformCallerKey(raw: string, channel: Channel): string | null {
  const key = raw.trim();
  return PLATFORM_IDS[channel]?.test(key) ? key : null;
}
