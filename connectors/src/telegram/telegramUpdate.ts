import { z } from 'zod';

/**
 * The parts of a Bot API `Update` Griot reads (https://core.telegram.org/bots/api#update), all
 * else let through unread: Telegram adds fields often. Ids of users and chats fit in 52 bits,
 * so JavaScript numbers hold them exactly.
 */
export const TelegramUser = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

export const TelegramChat = z.looseObject({
  id: z.number().int(),
  /** `private`, `group`, `supergroup` or `channel`. */
  type: z.string(),
});

/** A shared contact card. `user_id` is set when the contact is a Telegram user: the sender's own id when they shared their own number. */
export const TelegramContact = z.looseObject({
  phone_number: z.string().min(1).max(64),
  first_name: z.string().optional(),
  user_id: z.number().int().optional(),
});

export const TelegramMessage = z.looseObject({
  message_id: z.number().int(),
  /** Unix seconds. */
  date: z.number().int(),
  chat: TelegramChat,
  from: TelegramUser.optional(),
  text: z.string().optional(),
  contact: TelegramContact.optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

/** A press on an inline keyboard button; `data` is the button's `callback_data`. */
export const TelegramCallbackQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: TelegramUser,
  /** The message the keyboard was on (absent for inline-mode messages); may be "inaccessible" (date 0) but keeps its chat. */
  message: z.looseObject({ message_id: z.number().int(), chat: TelegramChat }).optional(),
  data: z.string().optional(),
});

export const TelegramUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z.unknown().optional(),
  callback_query: z.unknown().optional(),
});
