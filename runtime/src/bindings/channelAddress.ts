import type { Channel } from '@griot/flows';

/**
 * What a binding's address looks like on the channels where the API can tell, so a typo is a
 * 400 at once rather than a binding no subscriber ever reaches. (The designer's `channelKinds`
 * holds the same patterns for the form.)
 */
export const channelAddressRules: Partial<Record<Channel, { pattern: RegExp; message: string }>> = {
  // deliver_sm's destination_addr: a short code (1919) or a long number.
  sms: { pattern: /^\+?[0-9]{2,20}$/, message: 'an SMS address is the short code or number subscribers write to: digits, with a leading + if needed (1919)' },
  // The bot's id: the digits before the colon of its token (TELEGRAM_BOT_TOKEN), as getMe gives it.
  telegram: { pattern: /^[0-9]{1,20}$/, message: "a telegram address must be the bot's id: the digits before the colon of its token (123456789 for 123456789:AA…)" },
  // The Facebook Page id, as Meta names the Page in its webhooks (not a page name or URL).
  messenger: { pattern: /^[0-9]{5,20}$/, message: 'a messenger address must be a Facebook Page id (digits), as Meta names the Page in its webhooks' },
  // The service code as a USSD gateway sends it, as dialled (`*919#`, `*384*12#`).
  ussd: { pattern: /^\*[0-9]{1,10}(\*[0-9]{1,10}){0,5}#$/, message: 'must be a USSD service code as the gateway sends it, such as *919#' },
};

/**
 * A called number as people write it (`+229 21 30 19 19`, `21.30.19.19`) kept as jambonz sends it (`+22921301919`): spaces, dots, dashes and brackets go, as in tester numbers. Voice only:
 * the API checks the other channels' addresses as given.
 */
export function withDialledAddress<T extends { channel: Channel; address: string }>(input: T): T {
  return input.channel === 'voice' ? { ...input, address: input.address.replace(/[\s.()-]/g, '') } : input;
}
