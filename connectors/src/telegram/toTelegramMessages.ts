import { numberedMenu, type Reply } from '@griot/flows';
import { fitsCallbackData, type ReplyMarkup, type TelegramOutbound } from './telegramMessages.ts';

export interface TelegramRenderOptions {
  /** The turn ends on a phone question: its last message offers the button that shares the subscriber's own number. */
  asksPhone?: boolean;
  /** That button's label, in the subscriber's language. */
  shareNumberLabel: string;
}

/**
 * Channel-neutral replies (planned by `renderReplies` on Telegram's row) → Bot API calls. A
 * menu becomes an inline keyboard, one option a row, each button's `callback_data` the flow's
 * option id, which a press sends back as a `choice`; an id that does not fit 64 bytes (never
 * a valid flow id) turns the menu into numbered text rather than a keyboard Telegram refuses.
 * Plain texts take away a contact keyboard an earlier phone question left.
 */
export function toTelegramMessages(replies: readonly Reply[], options: TelegramRenderOptions): TelegramOutbound[] {
  const text = (body: string, reply_markup?: ReplyMarkup): TelegramOutbound => ({
    method: 'sendMessage',
    params: { text: body, link_preview_options: { is_disabled: true }, ...(reply_markup ? { reply_markup } : {}) },
  });
  const calls = replies.map((reply): TelegramOutbound => {
    switch (reply.type) {
      case 'text':
        return text(reply.text, { remove_keyboard: true });
      case 'audio':
        return { method: 'sendVoice', params: { voice: reply.url } };
      case 'choice':
        if (!reply.options.every((o) => fitsCallbackData(o.id))) return text(`${reply.body}\n\n${numberedMenu(reply.options)}`);
        return text(reply.body, { inline_keyboard: reply.options.map((o) => [{ text: o.label.trim(), callback_data: o.id }]) });
    }
  });
  const last = calls.at(-1);
  if (options.asksPhone && last && !(last.params.reply_markup && 'inline_keyboard' in last.params.reply_markup)) {
    last.params.reply_markup = { keyboard: [[{ text: options.shareNumberLabel, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
  }
  return calls;
}
