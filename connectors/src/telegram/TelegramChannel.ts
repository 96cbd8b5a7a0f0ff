import { channelCapabilities, systemTexts, type Effect, type JsonValue, type Reply, type SystemTexts } from '@griot/flows';
import { GiveUp, type InboundWorker, type Attempt } from '../messaging/InboundWorker.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { MessageProcessed } from '../messaging/MessageProcessed.ts';
import { ChatInbox, type ChatChannelOptions, type PlannedReplies } from '../messaging/ChatInbox.ts';
import { chatTurn } from '../messaging/chatTurn.ts';
import { publicAudioUrl } from '../messaging/publicAudioUrl.ts';
import { runInQueue } from '../messaging/runInQueue.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import { parseUpdate } from './parseUpdate.ts';
import type { TelegramApi } from './TelegramApi.ts';
import type { TelegramOutbound } from './telegramMessages.ts';
import { TelegramNotTaken, type TelegramSendReport, type TelegramSender } from './TelegramSender.ts';
import { toTelegramMessages } from './toTelegramMessages.ts';

export interface TelegramChannelOptions extends ChatChannelOptions<TelegramSendReport> {
  botId: string;
  api: TelegramApi;
  sender: TelegramSender;
  /** Public base URL of Griot, for recorded prompts Telegram fetches (`<base>/audio/<flowId>/<name>`). */
  publicBaseUrl?: string;
}

export type TelegramProcessed = MessageProcessed<TelegramSendReport>;

/** `busy` → 503 (Telegram re-delivers later): the queue is full, or the chat is over its share. */
export type TelegramAcceptResult = { status: 'accepted'; fresh: boolean } | { status: 'skipped'; reason: string } | { status: 'busy' };

/** What the inbox keeps of an update until it is processed. */
interface InboxPayload {
  message: InboundMessage;
  /** A button press: answered so the subscriber's client stops waiting. */
  callbackQueryId?: string;
}

/**
 * The Telegram channel. A checked update in; recorded in the inbox (the Store) before Telegram
 * gets its 200 (Telegram stops re-delivering what it had a 2xx for), then processed in order
 * per chat, at least once, after a crash too; an `update_id` delivered again is recorded once
 * and answered once. A button press has its callback query answered, then goes to the flow as
 * the option it names. Turns are rendered on Telegram's row of the channel table and sent
 * under idempotency keys.
 */
export class TelegramChannel {
  readonly queue: KeyedQueue;
  readonly inbox: InboundWorker;
  private readonly core: ChatInbox<TelegramOutbound, TelegramSendReport>;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written: WrittenTexts;
  private readonly now: () => number;

  constructor(private readonly options: TelegramChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.written = new WrittenTexts(this.texts);
    this.core = new ChatInbox<TelegramOutbound, TelegramSendReport>(
      'telegram',
      { ...options, logger: this.logger, queueErrorMessage: 'Telegram update processing failed' },
      {
        read: (payload, attempt) => {
          const { message, callbackQueryId } = payload as unknown as InboxPayload;
          // The press is answered at once (the spinner stops); a late or repeated answer is refused by Telegram, harmlessly.
          return { message, alongside: callbackQueryId && attempt.number === 1 ? this.answerCallback(callbackQueryId) : undefined };
        },
        plan: (message, attempt) => this.turn(message, attempt),
        send: (message, messages) => this.reply(message, messages),
      },
    );
    ({ queue: this.queue, inbox: this.inbox } = this.core);
  }

  /** Starts the inbox: what an earlier process left unprocessed is processed now. */
  start(): void {
    this.core.start();
  }

  /**
   * Takes a checked update: records it durably and queues it. Resolves once it is safe: then,
   * and only then, Telegram may have its 200. Rejects when it could not be recorded.
   */
  accept(body: unknown): Promise<TelegramAcceptResult> {
    return this.core.track(this.acceptNow(body));
  }

  /**
   * When `error` (a body that could not be recorded) is the store failing: its cause code, said
   * once a minute and counted (`griot_store_failures_total{channel="telegram"}`); else undefined.
   */
  storeFailed(error: unknown, message: string): string | undefined {
    return this.options.conversations.storeFailed(error, 'telegram', {}, message);
  }

  private async acceptNow(body: unknown): Promise<TelegramAcceptResult> {
    const parsed = parseUpdate(body, this.options.botId, new Date(this.now()));
    if (parsed.kind === 'skipped') {
      this.logger.info({ update: parsed.updateId, reason: parsed.reason }, 'Telegram update skipped');
      // Nothing to process, but the press must still be answered or the subscriber's client spins.
      if (parsed.callbackQueryId) void this.answerCallback(parsed.callbackQueryId);
      return { status: 'skipped', reason: parsed.reason };
    }
    const payload: InboxPayload = { message: parsed.message, ...(parsed.callbackQueryId ? { callbackQueryId: parsed.callbackQueryId } : {}) };
    // The queue is full, or this chat has its whole share waiting (a looping bot): 503, Telegram delivers it again later.
    const recorded = await this.core.record([
      { id: inboxIdOf(parsed.message), channel: 'telegram', conversationKey: `telegram:${parsed.message.conversation}`, payload: payload as unknown as JsonValue, sentAt: parsed.message.sentAt },
    ]);
    if (recorded.status !== 'recorded') return { status: 'busy' };
    return { status: 'accepted', fresh: recorded.fresh[0] ?? false };
  }

  /** Sends a turn's Bot API calls to the chat. */
  private async reply(message: InboundMessage, messages: TelegramOutbound[]): Promise<TelegramSendReport> {
    const report = await this.options.sender.send({
      chatId: chatIdOf(message.conversation),
      conversationKey: `telegram:${message.conversation}`,
      causeId: message.messageId,
      messages,
    });
    const failure = report.failure;
    if (failure?.outcome === 'unavailable') throw new Error(`Telegram unavailable: ${failure.description}`);
    if (failure) throw new GiveUp(`Telegram refused the reply: ${failure.status} ${failure.description}`);
    return report;
  }

  /** The flow's turn for an update, as the Bot API calls to make. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies<TelegramOutbound>> {
    let asksPhone = false;
    let turnLocale: string | undefined;
    const { outcome, replies, locale } = await chatTurn(this.options.conversations, message, attempt, {
      label: 'Telegram',
      conversationKey: `telegram:${message.conversation}`,
      logger: this.logger,
      noBinding: () => this.core.warnOnce(`nobinding:${message.address}`, { bot: message.address }, 'Telegram update for a bot without a binding'),
      unsupported: (locale) => [
        {
          type: 'text',
          text:
            message.content.kind === 'unsupported' && message.content.type === 'contact'
              ? this.written.for(message.address, locale).ownNumberOnly
              : this.written.for(message.address, locale).unsupportedMessage,
        },
      ],
      turn: (result) => {
        const effects = result.turn.effects ?? [];
        const flowId = result.turn.session?.flowId ?? result.binding.flowId;
        const rendered = this.render(effects, flowId, message.address, this.written.learn(message.address, result.turn.flow?.locales));
        const ask = effects.findLast((e) => e.type === 'ask');
        asksPhone = ask?.type === 'ask' && ask.kind === 'phone';
        turnLocale = ask?.type === 'ask' ? ask.locale : result.turn.session?.locale;
        return rendered;
      },
      texts: (locale) => this.written.for(message.address, locale),
    });
    const shareNumberLabel = this.written.for(message.address, outcome === 'turn' ? turnLocale : locale).shareNumber;
    return { outcome, messages: toTelegramMessages(replies, { asksPhone, shareNumberLabel }) };
  }

  /** A turn's effects on Telegram, with the channel's words in the subscriber's written language (`locales`: the flow's). */
  private render(effects: readonly Effect[], flowId: string, address: string, locales?: readonly { code: string }[]): Reply[] {
    return this.core.render(effects, flowId, {
      capabilities: channelCapabilities.telegram,
      audioUrl: (name) => publicAudioUrl(this.options.publicBaseUrl, flowId, name),
      texts: (locale) => this.written.for(address, locale, locales),
      label: 'Telegram',
    });
  }

  /**
   * Sends outside the subscriber's own turn: an agent's words, or the flow's turn after an agent
   * hands the conversation back, through the chat's queue (never overtaking a reply being sent).
   */
  sendOutOfTurn(sessionKey: string, content: { text: string } | { effects: readonly Effect[]; flowId: string }, causeId: string): Promise<TelegramSendReport | undefined> {
    // `telegram:<bot id>:<chat id>`
    const match = /^telegram:([0-9]+):(-?[0-9]+)$/.exec(sessionKey);
    if (!match) return Promise.reject(new Error('not a Telegram conversation'));
    const send = async (): Promise<TelegramSendReport | undefined> => {
      const replies: Reply[] = 'text' in content ? [{ type: 'text', text: content.text }] : this.render(content.effects, content.flowId, match[1]!);
      if (replies.length === 0) return undefined;
      const report = await this.options.sender.send({
        chatId: match[2]!,
        conversationKey: sessionKey,
        causeId,
        messages: toTelegramMessages(replies, { shareNumberLabel: this.texts(undefined).shareNumber }),
      });
      if (report.failure) throw new TelegramNotTaken(report.failure);
      return report;
    };
    return runInQueue<TelegramSendReport | undefined>(this.queue, sessionKey, send, 'too many Telegram messages queued');
  }

  /** Lets updates being recorded finish, processes what is queued, lets the rest go for the next process. */
  async close(): Promise<void> {
    await this.core.close();
    this.options.sender.close();
  }

  private async answerCallback(callbackQueryId: string): Promise<void> {
    const answered = await this.options.api.call('answerCallbackQuery', { callback_query_id: callbackQueryId }).catch((error: unknown) => ({ outcome: 'failed', description: describe(error) }));
    if (answered.outcome !== 'ok') this.logger.debug({ error: 'description' in answered ? answered.description : answered.outcome }, 'a Telegram callback query was not answered');
  }
}

/** The inbox id of an update: the bot and its `update_id`, unique for that bot. */
export function inboxIdOf(message: Pick<InboundMessage, 'messageId'>): string {
  return `telegram:${message.messageId}`;
}

/** The chat id of a conversation `<bot id>:<chat id>`. */
function chatIdOf(conversation: string): string {
  return conversation.slice(conversation.indexOf(':') + 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
