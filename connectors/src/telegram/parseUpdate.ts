import { ContactSource } from '@griot/flows';
import type { InboundContent, InboundMessage } from '../messaging/inbound.ts';
import { sentAtIso } from '../messaging/sentAtIso.ts';
import { TelegramCallbackQuery, TelegramMessage, TelegramUpdate } from './telegramUpdate.ts';

/**
 * What one update is for Griot: a subscriber's message (with the callback query to answer when
 * it was a button press), or something skipped and why (never who, nor what they wrote).
 */
export type ParsedUpdate = { kind: 'message'; updateId: number; message: InboundMessage; callbackQueryId?: string } | { kind: 'skipped'; updateId?: number; reason: string; callbackQueryId?: string };

/** The caller id of a Telegram user: never a phone number (the engine keeps platform ids apart from numbers). */
export function telegramCallerOf(userId: number | string): string {
  return `telegram:${userId}`;
}

/** A contact's number as E.164 digits with their `+` (Telegram gives international digits, with or without it). */
function sharedNumberOf(phone: string): string | undefined {
  const digits = phone.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{6,15}$/.test(digits)) return undefined;
  return digits.startsWith('+') ? digits : `+${digits}`;
}

/**
 * The payload of a deep link (`https://t.me/<bot>?start=offre-noel` sends « /start offre-noel »):
 * where the subscriber came from, for the flow's `caller.source`. Telegram allows 1–64 of
 * A-Z a-z 0-9 _ -; anything else (typed by hand after « /start ») is ignored, never passed on.
 */
export function deepLinkPayloadOf(text: string): string | undefined {
  const payload = /^\/start(?:@\w+)?\s+(\S+)\s*$/i.exec(text)?.[1];
  return payload !== undefined && ContactSource.safeParse(payload).success ? payload : undefined;
}

/**
 * A Bot API update → a channel-neutral message for the bot `botId`. Only private chats with a
 * person are served: in a group, a PUK code would be read by everyone. A text is an answer; a
 * button press a choice of the option whose id is the button's `callback_data`; the sender's
 * own contact card (its `user_id` is theirs) gives their number, verified by Telegram, which
 * links their profile (`sharedNumber`) and answers a phone question; anyone else's card does not.
 */
export function parseUpdate(body: unknown, botId: string, receivedAt: Date): ParsedUpdate {
  const update = TelegramUpdate.safeParse(body);
  if (!update.success) return { kind: 'skipped', reason: 'not a Telegram update' };
  const updateId = update.data.update_id;
  const base = (chatId: number, userId: number) => ({
    channel: 'telegram' as const,
    address: botId,
    from: telegramCallerOf(userId),
    conversation: `${botId}:${chatId}`,
    messageId: `${botId}:${updateId}`,
  });

  if (update.data.callback_query !== undefined) {
    const query = TelegramCallbackQuery.safeParse(update.data.callback_query);
    if (!query.success) return { kind: 'skipped', updateId, reason: 'unreadable callback query' };
    const callbackQueryId = query.data.id;
    const chat = query.data.message?.chat;
    if (!chat) return { kind: 'skipped', updateId, callbackQueryId, reason: 'a press on a message Griot did not send to a chat' };
    if (chat.type !== 'private' || query.data.from.is_bot) return { kind: 'skipped', updateId, callbackQueryId, reason: `a press in a ${chat.type} chat` };
    const data = query.data.data;
    const content: InboundContent = data ? { kind: 'event', event: { type: 'choice', option: data.slice(0, 64) } } : { kind: 'ignored', type: 'callback_query' };
    // A press carries no date of its own: it happened as it arrived.
    return { kind: 'message', updateId, callbackQueryId, message: { ...base(chat.id, query.data.from.id), sentAt: receivedAt.toISOString(), content } };
  }

  if (update.data.message === undefined)
    return {
      kind: 'skipped',
      updateId,
      reason: `an update Griot does not read (${
        Object.keys(update.data)
          .filter((k) => k !== 'update_id')
          .join(', ') || 'empty'
      })`,
    };
  const parsed = TelegramMessage.safeParse(update.data.message);
  if (!parsed.success) return { kind: 'skipped', updateId, reason: 'unreadable message' };
  const message = parsed.data;
  if (message.chat.type !== 'private' || !message.from || message.from.is_bot) return { kind: 'skipped', updateId, reason: `a message in a ${message.chat.type} chat` };
  const common = { ...base(message.chat.id, message.from.id), sentAt: sentAtIso(message.date * 1000, receivedAt.getTime()) };
  // « /start » (with a deep link's payload, or `@bot`): what Telegram sends when the subscriber
  // presses Start or « Restart bot ». Mid-contact it means "from the beginning", not an answer.
  if (typeof message.text === 'string' && /^\/start(@\w+)?(\s|$)/i.test(message.text)) {
    const source = deepLinkPayloadOf(message.text);
    return { kind: 'message', updateId, message: { ...common, content: { kind: 'restart', text: message.text.slice(0, 4096), ...(source ? { source, opening: `/start ${source}` } : {}) } } };
  }
  if (typeof message.text === 'string') {
    // Telegram caps a message at 4,096 characters; the flow reads no more.
    return { kind: 'message', updateId, message: { ...common, content: { kind: 'event', event: { type: 'text', text: message.text.slice(0, 4096) } } } };
  }
  if (message.contact) {
    const own = message.contact.user_id === message.from.id;
    const number = own ? sharedNumberOf(message.contact.phone_number) : undefined;
    if (!number) return { kind: 'message', updateId, message: { ...common, content: { kind: 'unsupported', type: 'contact' } } };
    // Typed as text too, so a phone question waiting for it takes it as its answer.
    return { kind: 'message', updateId, message: { ...common, sharedNumber: number, content: { kind: 'event', event: { type: 'text', text: number } } } };
  }
  const type = ['photo', 'voice', 'audio', 'video', 'video_note', 'document', 'sticker', 'location', 'venue', 'animation', 'poll', 'dice'].find((t) => t in message) ?? 'other';
  return { kind: 'message', updateId, message: { ...common, content: { kind: 'unsupported', type } } };
}
