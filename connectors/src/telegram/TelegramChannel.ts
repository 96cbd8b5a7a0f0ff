import { channelCapabilities, renderReplies, systemTexts, type Effect, type JsonValue, type Reply, type SystemTexts } from '@griot/flows';
import { GiveUp, type InboundWorker, type Attempt } from '../messaging/InboundWorker.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { MessageProcessed } from '../messaging/MessageProcessed.ts';
import { createInbox, sessionRef, type InboxOptions } from '../messaging/createInbox.ts';
import { InFlight } from '../messaging/InFlight.ts';
import type { SenderShares } from '../messaging/SenderShares.ts';
import { publicAudioUrl } from '../messaging/publicAudioUrl.ts';
import { runInQueue } from '../messaging/runInQueue.ts';
import { warnOnce } from '../messaging/warnOnce.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import type { InboundRecord, MessagingLedger } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import { parseUpdate } from './parseUpdate.ts';
import type { TelegramApi } from './TelegramApi.ts';
import type { TelegramOutbound } from './telegramMessages.ts';
import { TelegramNotTaken, type TelegramSendReport, type TelegramSender } from './TelegramSender.ts';
import { toTelegramMessages } from './toTelegramMessages.ts';
import { endOnError } from '../messaging/endOnError.ts';
import { logKeyOf } from '../channel/logDigest.ts';

export interface TelegramChannelOptions {
  botId: string;
  conversations: MessagingConversations;
  api: TelegramApi;
  sender: TelegramSender;
  ledger: MessagingLedger;
  /** Public base URL of Griot, for recorded prompts Telegram fetches (`<base>/audio/<flowId>/<name>`). */
  publicBaseUrl?: string;
  texts?: (locale: string | undefined) => SystemTexts;
  maxPending?: number;
  /** Updates of one chat queued at most; past it its new ones are refused (503) while other chats' get in. */
  maxPendingPerSender?: number;
  inbox?: InboxOptions;
  now?: () => number;
  logger?: ChannelLogger;
  onProcessed?: (event: TelegramProcessed) => void;
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

/** What a turn produced for an update, kept in its inbox record so a retry sends it rather than replays the turn. */
interface PlannedReplies {
  outcome: string;
  messages: TelegramOutbound[];
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
  private readonly shares: SenderShares;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written: WrittenTexts;
  private readonly warned = new Set<string>();
  private readonly acceptedAt = new Map<string, number>();
  private readonly accepting = new InFlight();
  private readonly now: () => number;

  constructor(private readonly options: TelegramChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.written = new WrittenTexts(this.texts);
    ({
      queue: this.queue,
      inbox: this.inbox,
      shares: this.shares,
    } = createInbox('telegram', options, {
      process: (record, attempt) => this.processRecord(record, attempt),
      onQueueError: (error, key) => this.logger.error({ session: sessionRef(key), error: describe(error) }, 'Telegram update processing failed'),
      logger: this.logger,
    }));
  }

  /** Starts the inbox: what an earlier process left unprocessed is processed now. */
  start(): void {
    this.inbox.start();
  }

  /**
   * Takes a checked update: records it durably and queues it. Resolves once it is safe: then,
   * and only then, Telegram may have its 200. Rejects when it could not be recorded.
   */
  accept(body: unknown): Promise<TelegramAcceptResult> {
    return this.accepting.track(this.acceptNow(body));
  }

  private async acceptNow(body: unknown): Promise<TelegramAcceptResult> {
    const parsed = parseUpdate(body, this.options.botId, new Date(this.now()));
    if (parsed.kind === 'skipped') {
      this.logger.info({ update: parsed.updateId, reason: parsed.reason }, 'Telegram update skipped');
      // Nothing to process, but the press must still be answered or the subscriber's client spins.
      if (parsed.callbackQueryId) void this.answerCallback(parsed.callbackQueryId);
      return { status: 'skipped', reason: parsed.reason };
    }
    const conversationKey = `telegram:${parsed.message.conversation}`;
    // The queue is full, or this chat has its whole share waiting (a looping bot): 503, Telegram delivers it again later.
    const admission = this.shares.admit([{ conversationKey }]);
    if (admission.admitted.length === 0) return { status: 'busy' };
    const id = inboxIdOf(parsed.message);
    const payload: InboxPayload = { message: parsed.message, ...(parsed.callbackQueryId ? { callbackQueryId: parsed.callbackQueryId } : {}) };
    this.acceptedAt.set(id, performance.now());
    let fresh = false;
    try {
      [fresh = false] = await this.inbox.record([{ id, channel: 'telegram', conversationKey, payload: payload as unknown as JsonValue }]);
    } finally {
      admission.release();
      if (!fresh) this.acceptedAt.delete(id);
    }
    return { status: 'accepted', fresh };
  }

  private async processRecord(record: InboundRecord, attempt: Attempt): Promise<void> {
    if (record.payload === undefined) throw new GiveUp('its content cannot be read (sealed under a data key that is no longer configured)');
    const { message, callbackQueryId } = record.payload as unknown as InboxPayload;
    const began = performance.now();
    const acceptedAt = this.acceptedAt.get(record.id) ?? began;
    this.acceptedAt.delete(record.id);
    // The press is answered at once (the spinner stops); a late or repeated answer is refused by Telegram, harmlessly.
    const answering = callbackQueryId && attempt.number === 1 ? this.answerCallback(callbackQueryId) : undefined;
    const planned = (record.progress as unknown as PlannedReplies | undefined) ?? (await this.turn(message, attempt));
    if (planned.messages.length > 0 && !record.progress) await attempt.saveProgress(planned as unknown as JsonValue);
    const turned = performance.now();
    let report: TelegramSendReport | undefined;
    if (planned.messages.length > 0) {
      report = await this.options.sender.send({
        chatId: chatIdOf(message.conversation),
        conversationKey: `telegram:${message.conversation}`,
        causeId: message.messageId,
        messages: planned.messages,
      });
      const failure = report.failure;
      if (failure?.outcome === 'unavailable') throw new Error(`Telegram unavailable: ${failure.description}`);
      if (failure) throw new GiveUp(`Telegram refused the reply: ${failure.status} ${failure.description}`);
    }
    await answering;
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome: planned.outcome, timings, ...(report ? { report } : {}) });
    if (planned.outcome === 'error') throw new GiveUp('the turn failed on every attempt: the subscriber was told of a technical problem');
  }

  /** The flow's turn for an update, as the Bot API calls to make. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies> {
    let replies: Reply[];
    let outcome: string;
    let asksPhone = false;
    let locale: string | undefined;
    try {
      const result = await this.options.conversations.receive(message);
      outcome = result.kind;
      switch (result.kind) {
        case 'noBinding':
          this.warnOnce(`nobinding:${message.address}`, { bot: message.address }, 'Telegram update for a bot without a binding');
          replies = [];
          break;
        case 'duplicate':
        case 'ignored':
          replies = [];
          break;
        case 'unsupported':
          locale = result.locale;
          replies = [
            {
              type: 'text',
              text:
                message.content.kind === 'unsupported' && message.content.type === 'contact'
                  ? this.written.for(message.address, locale).ownNumberOnly
                  : this.written.for(message.address, locale).unsupportedMessage,
            },
          ];
          break;
        case 'turn': {
          const effects = result.turn.effects ?? [];
          const flowId = result.turn.session?.flowId ?? result.binding.flowId;
          replies = this.render(effects, flowId, message.address, this.written.learn(message.address, result.turn.flow?.locales));
          const ask = effects.findLast((e) => e.type === 'ask');
          asksPhone = ask?.type === 'ask' && ask.kind === 'phone';
          locale = ask?.type === 'ask' ? ask.locale : result.turn.session?.locale;
          break;
        }
      }
    } catch (error) {
      if (!attempt.last) throw error;
      this.logger.error(
        { attempt: attempt.number, session: logKeyOf(`telegram:${message.conversation}`), cause: 'internalError', error: describe(error) },
        'Telegram turn failed on its last attempt: the subscriber is told of a technical problem, the contact ends on an error',
      );
      await endOnError(this.options.conversations, `telegram:${message.conversation}`, this.logger);
      outcome = 'error';
      locale = await this.options.conversations.recallLocale(`telegram:${message.conversation}`, message.phoneNumber ?? message.from);
      replies = [{ type: 'text', text: this.written.for(message.address, locale).technicalProblem }];
    }
    return { outcome, messages: toTelegramMessages(replies, { asksPhone, shareNumberLabel: this.written.for(message.address, locale).shareNumber }) };
  }

  /** A turn's effects on Telegram, with the channel's words in the subscriber's written language (`locales`: the flow's). */
  private render(effects: readonly Effect[], flowId: string, address: string, locales?: readonly { code: string }[]): Reply[] {
    const rendered = renderReplies(effects, {
      capabilities: channelCapabilities.telegram,
      audioUrl: (name) => this.audioUrl(flowId, name),
      texts: (locale) => this.written.for(address, locale, locales),
    });
    for (const dropped of rendered.dropped) this.warnOnce(`${flowId}:${dropped.node}:${dropped.reason}`, { flowId, ...dropped }, 'prompt not sent on Telegram');
    return rendered.replies;
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
    await this.accepting.settled();
    await this.inbox.close();
    await this.queue.idle();
    this.options.sender.close();
  }

  private async answerCallback(callbackQueryId: string): Promise<void> {
    const answered = await this.options.api.call('answerCallbackQuery', { callback_query_id: callbackQueryId }).catch((error: unknown) => ({ outcome: 'failed', description: describe(error) }));
    if (answered.outcome !== 'ok') this.logger.debug({ error: 'description' in answered ? answered.description : answered.outcome }, 'a Telegram callback query was not answered');
  }

  private warnOnce(key: string, details: object, message: string): void {
    warnOnce(this.warned, this.logger, key, details, message);
  }

  private audioUrl(flowId: string, name: string): string | undefined {
    return publicAudioUrl(this.options.publicBaseUrl, flowId, name);
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
