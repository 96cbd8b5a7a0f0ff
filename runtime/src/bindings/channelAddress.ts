import type { Channel } from '@griot/flows';

/**
 * What a binding's address must look like on channels where it has one fixed form (what the
 * platform sends, so a binding that cannot match is refused when it is made). Channels not
 * listed take any address of 1–100 characters.
 */
export const channelAddressRules: Partial<Record<Channel, { pattern: RegExp; expected: string }>> = {
  // The bot's id: the digits before the colon of its token (TELEGRAM_BOT_TOKEN), as getMe gives it.
  telegram: { pattern: /^[0-9]{1,20}$/, expected: "the bot's id: the digits before the colon of its token (123456789 for 123456789:AA…)" },
};
