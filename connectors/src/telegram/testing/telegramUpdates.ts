/**
 * Bot API updates as Telegram sends them to a webhook (https://core.telegram.org/bots/api#update),
 * for tests: a private chat's text, a press on an inline keyboard button, a contact card.
 */
export interface TelegramSubscriber {
  /** The user's id; in a private chat also the chat's id. */
  userId: number;
  firstName?: string;
  languageCode?: string;
}

let nextUpdateId = 700_000_000;
let nextMessageId = 1;

export function newUpdateId(): number {
  return ++nextUpdateId;
}

const userOf = (s: TelegramSubscriber) => ({ id: s.userId, is_bot: false, first_name: s.firstName ?? 'Afiavi', language_code: s.languageCode ?? 'fr' });
const privateChat = (s: TelegramSubscriber) => ({ id: s.userId, first_name: s.firstName ?? 'Afiavi', type: 'private' });

export function textUpdate(text: string, s: TelegramSubscriber, updateId = newUpdateId()) {
  return { update_id: updateId, message: { message_id: nextMessageId++, from: userOf(s), chat: privateChat(s), date: Math.floor(Date.now() / 1000), text } };
}

/** A press on a button whose `callback_data` is `data`, under the bot's message `messageId`. */
export function callbackUpdate(data: string, s: TelegramSubscriber, messageId = 1, updateId = newUpdateId()) {
  return {
    update_id: updateId,
    callback_query: {
      id: `${s.userId}${updateId}`,
      from: userOf(s),
      message: { message_id: messageId, from: { id: 1, is_bot: true, first_name: 'Griot' }, chat: privateChat(s), date: Math.floor(Date.now() / 1000), text: '…' },
      chat_instance: `-${s.userId}`,
      data,
    },
  };
}

/** A contact card: the subscriber's own (`user_id` theirs) unless `ownerId` says whose it is. */
export function contactUpdate(phoneNumber: string, s: TelegramSubscriber, ownerId: number | null = s.userId, updateId = newUpdateId()) {
  return {
    update_id: updateId,
    message: {
      message_id: nextMessageId++,
      from: userOf(s),
      chat: privateChat(s),
      date: Math.floor(Date.now() / 1000),
      contact: { phone_number: phoneNumber, first_name: s.firstName ?? 'Afiavi', ...(ownerId !== null ? { user_id: ownerId } : {}) },
    },
  };
}

/** A message in a group the bot was added to. */
export function groupTextUpdate(text: string, s: TelegramSubscriber, groupId = -1001234567890, updateId = newUpdateId()) {
  return { update_id: updateId, message: { message_id: nextMessageId++, from: userOf(s), chat: { id: groupId, title: 'Famille', type: 'supergroup' }, date: Math.floor(Date.now() / 1000), text } };
}

/** POSTs an update as Telegram does, with the webhook's secret token (or none, or another). */
export function postUpdate(baseUrl: string, update: unknown, secret: string | null): Promise<Response> {
  return fetch(`${baseUrl}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
}
