/** An inline keyboard (https://core.telegram.org/bots/api#inlinekeyboardmarkup): a press sends the button's `callback_data` back. */
export interface InlineKeyboardMarkup {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/** The keyboard under a phone question: one button that shares the subscriber's own contact. */
export interface ContactKeyboardMarkup {
  keyboard: { text: string; request_contact: true }[][];
  one_time_keyboard: true;
  resize_keyboard: true;
}

/** Takes away a contact keyboard left from an earlier phone question. */
export interface RemoveKeyboardMarkup {
  remove_keyboard: true;
}

export type ReplyMarkup = InlineKeyboardMarkup | ContactKeyboardMarkup | RemoveKeyboardMarkup;

/**
 * One Bot API call that shows something to the subscriber, without its `chat_id`. Texts are
 * sent with no `parse_mode`: Telegram shows them as written, so nothing in a flow's text (`*`,
 * `_`, `<b>`) is ever read as Markdown or HTML, and nothing needs escaping.
 */
export type TelegramOutbound =
  | { method: 'sendMessage'; params: { text: string; link_preview_options: { is_disabled: true }; reply_markup?: ReplyMarkup } }
  /** A recorded prompt, fetched by Telegram from Griot's public URL and shown as a voice message. */
  | { method: 'sendVoice'; params: { voice: string; reply_markup?: ReplyMarkup } };

/** `callback_data` must be 1–64 bytes (UTF-8), not characters. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export function fitsCallbackData(data: string): boolean {
  const bytes = Buffer.byteLength(data, 'utf8');
  return bytes >= 1 && bytes <= CALLBACK_DATA_MAX_BYTES;
}
