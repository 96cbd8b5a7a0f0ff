import type { Reply, SystemTexts } from '@griot/flows';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';
import { endOnError } from './endOnError.ts';
import type { Attempt } from './InboundWorker.ts';
import type { InboundMessage } from './inbound.ts';
import type { MessagingConversations, ReceiveOutcome } from './MessagingConversations.ts';

/** What a chat channel says where the flow's turn is not all there is; the rest is `chatTurn`'s. */
export interface ChatTurnWords {
  /** The channel as logs name it (`Messenger`). */
  label: string;
  /** The conversation key of the message (`messenger:<page id>:<psid>`). */
  conversationKey: string;
  logger: ChannelLogger;
  /** A message to an address nobody bound: logged the channel's way; nothing is sent. */
  noBinding(): void;
  /** A message the flow cannot read (a sticker, a location…), answered in the subscriber's `locale`. */
  unsupported(locale: string | undefined): Reply[];
  /** The flow's turn as the replies to send. */
  turn(result: Extract<ReceiveOutcome, { kind: 'turn' }>): Reply[];
  /** The channel's own words for a subscriber of `locale` (the technical-problem apology). */
  texts(locale: string | undefined): SystemTexts;
}

/**
 * The flow's turn for one message of a chat channel (WhatsApp, Messenger, Telegram): the engine's
 * outcome as replies. When the engine or a dependency fails it throws, for the inbox to try again;
 * on the last attempt the subscriber is told of a technical problem rather than left waiting, and
 * the contact ends on an error. `locale` is the subscriber's where this part learnt it (a message it
 * cannot read, the apology).
 */
export async function chatTurn(
  conversations: MessagingConversations,
  message: InboundMessage,
  attempt: Attempt,
  words: ChatTurnWords,
): Promise<{ outcome: string; replies: Reply[]; locale?: string | undefined }> {
  try {
    const result = await conversations.receive(message);
    switch (result.kind) {
      case 'noBinding':
        words.noBinding();
        return { outcome: result.kind, replies: [] };
      case 'duplicate':
      case 'ignored':
        return { outcome: result.kind, replies: [] };
      case 'unsupported':
        return { outcome: result.kind, replies: words.unsupported(result.locale), locale: result.locale };
      case 'turn':
        return { outcome: result.kind, replies: words.turn(result) };
    }
  } catch (error) {
    // The engine or a dependency failed: try again later; the last time, tell the subscriber rather than leave them waiting.
    if (!attempt.last) throw error;
    const session = logKeyOf(words.conversationKey);
    const told = `${words.label} turn failed on its last attempt: the subscriber is told of a technical problem, the contact ends on an error`;
    // The store failing (a full disk, MongoDB gone) is said by its code once a minute, not once per subscriber.
    const storeCause = conversations.storeFailed(error, message.channel, { attempt: attempt.number, session }, told);
    if (!storeCause) words.logger.error({ attempt: attempt.number, session, cause: 'internalError', error: error instanceof Error ? error.message : String(error) }, told);
    await endOnError(conversations, words.conversationKey, words.logger, storeCause ? 'storeUnavailable' : 'internalError', message.channel);
    const locale = await conversations.recallLocale(words.conversationKey, message.phoneNumber ?? message.from);
    return { outcome: 'error', replies: [{ type: 'text', text: words.texts(locale).technicalProblem }], locale };
  }
}
