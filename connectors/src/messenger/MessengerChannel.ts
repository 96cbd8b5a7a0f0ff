import { channelCapabilities, splitText, systemTexts, type Effect, type Reply, type SystemTexts } from '@griot/flows';
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
import { parseWebhook } from './parseWebhook.ts';
import { toMessengerMessages } from './toMessengerMessages.ts';
import type { Author, MessengerSender, SendReport } from './MessengerSender.ts';
import type { MessengerMessage } from './sendApi.ts';

export interface MessengerChannelOptions extends ChatChannelOptions<SendReport> {
  sender: MessengerSender;
  /** The Get Started button's postback payload (`MESSENGER_GET_STARTED_PAYLOAD`): begins the contact again. */
  getStartedPayload?: string;
  /** Public base URL of Griot, for audio prompts sent by link (`<base>/audio/<flowId>/<name>`). */
  publicBaseUrl?: string;
}

export type ProcessedEvent = MessageProcessed<SendReport>;

/**
 * What the webhook endpoint answers: `busy` → 503 (Meta re-delivers later), when the queue is full
 * or a sender in the body is over its share (the other senders' events then recorded already).
 */
export type AcceptResult = { status: 'accepted'; messages: number } | { status: 'busy' };

/** `messenger:<page id>:<psid>`. */
const SESSION_KEY = /^messenger:([0-9]+):([0-9]+)$/;

/**
 * The Messenger channel. A verified webhook body in; its events recorded in the inbox (the
 * Store) before Meta gets its 200, then processed in order per subscriber, at least once (after
 * a crash, the next process or another instance takes over). Each turn's effects are rendered
 * within Messenger's limits (quick replies for menus, 2,000 characters a message) and sent under
 * idempotency keys, as responses within the 24-hour window. Agents' replies go out of turn,
 * tagged `HUMAN_AGENT` after it, within 7 days.
 */
export class MessengerChannel {
  readonly queue: KeyedQueue;
  readonly inbox: InboundWorker;
  private readonly core: ChatInbox<MessengerMessage, SendReport>;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written: WrittenTexts;

  constructor(private readonly options: MessengerChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.written = new WrittenTexts(this.texts);
    this.core = new ChatInbox<MessengerMessage, SendReport>(
      'messenger',
      { ...options, logger: this.logger, queueErrorMessage: 'Messenger message processing failed' },
      {
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
   * Takes a verified webhook body: records what subscribers wrote or pressed durably (one
   * write) and queues it. Resolves once it is safe: then, and only then, Meta may have its 200.
   * Rejects when it could not be recorded (the webhook must fail: Meta re-delivers).
   */
  accept(body: unknown): Promise<AcceptResult> {
    return this.core.track(this.acceptNow(body));
  }

  /**
   * When `error` (a body that could not be recorded) is the store failing: its cause code, said
   * once a minute and counted (`griot_store_failures_total{channel="messenger"}`); else undefined.
   */
  storeFailed(error: unknown, message: string): string | undefined {
    return this.options.conversations.storeFailed(error, 'messenger', {}, message);
  }

  private async acceptNow(body: unknown): Promise<AcceptResult> {
    const parsed = parseWebhook(body, this.options.now, this.options.getStartedPayload);
    for (const problem of parsed.problems) this.logger.warn({ ...problem }, 'Messenger webhook event skipped');
    const recorded = await this.core.recordMessages(parsed.messages, inboxIdOf);
    if (recorded.status !== 'recorded') return { status: 'busy' };
    return { status: 'accepted', messages: parsed.messages.length };
  }

  /** Sends a turn's replies, as responses within the window of the message they answer. */
  private async reply(message: InboundMessage, messages: MessengerMessage[]): Promise<SendReport> {
    const report = await this.options.sender.send({
      psid: psidOf(message.conversation),
      conversationKey: `messenger:${message.conversation}`,
      causeId: message.messageId,
      messages,
      // An answer to this very message: the window runs from when it was written.
      lastInboundAt: message.sentAt,
      author: 'bot',
    });
    const failure = report.failure;
    // Meta certainly did not take it (after the client's own retries): try again later. Refused: it would be refused again.
    if (failure?.outcome === 'unavailable') throw new Error(`Send API unavailable: ${failure.message}`);
    if (failure?.outcome === 'rejected') throw new GiveUp(`Meta refused the reply (${failure.reason}): ${failure.message}`);
    return report;
  }

  /** The flow's turn for a message, as the messages to send. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies<MessengerMessage>> {
    const { outcome, replies } = await chatTurn(this.options.conversations, message, attempt, {
      label: 'Messenger',
      conversationKey: `messenger:${message.conversation}`,
      logger: this.logger,
      noBinding: () => this.logger.warn({ pageId: message.address }, 'Messenger message to a Page without a binding'),
      unsupported: (locale) => [{ type: 'text', text: this.written.for(message.address, locale).unsupportedMessage }],
      turn: (result) => this.render(result.turn.effects ?? [], result.turn.session?.flowId ?? result.binding.flowId, message.address, this.written.learn(message.address, result.turn.flow?.locales)),
      texts: (locale) => this.written.for(message.address, locale),
    });
    return { outcome, messages: toMessengerMessages(replies) };
  }

  /**
   * Sends outside the subscriber's own turn: an agent's words (tagged `HUMAN_AGENT` after 24
   * hours, within 7 days), or the flow's turn after an agent hands the conversation back (within
   * 24 hours only). Goes through the subscriber's queue, so it never overtakes a reply still
   * being sent.
   */
  sendOutOfTurn(sessionKey: string, content: { text: string } | { effects: readonly Effect[]; flowId: string }, causeId: string, author: Author): Promise<SendReport> {
    const match = SESSION_KEY.exec(sessionKey);
    if (!match) return Promise.reject(new Error('not a Messenger conversation'));
    const psid = match[2] as string;
    const send = async (): Promise<SendReport> => {
      const replies: Reply[] =
        'text' in content
          ? splitText(content.text, channelCapabilities.messenger.textMaxLength ?? Infinity).map((text) => ({ type: 'text', text }))
          : this.render(content.effects, content.flowId, match[1] as string);
      const lastInboundAt = await this.options.ledger.lastInbound(sessionKey);
      return this.options.sender.send({ psid, conversationKey: sessionKey, causeId, messages: toMessengerMessages(replies), lastInboundAt, author });
    };
    return runInQueue<SendReport>(this.queue, sessionKey, send, 'too many Messenger messages queued');
  }

  /** Whether an agent can write to the subscriber now: within 7 days of their last message. */
  async canReach(sessionKey: string): Promise<boolean> {
    return this.options.sender.messagingType('agent', await this.options.ledger.lastInbound(sessionKey)) !== null;
  }

  /**
   * Graceful shutdown: lets webhooks being recorded finish, processes what is queued (without
   * waiting out retry backoffs), lets the rest go for the next process, then closes the
   * connections to Meta.
   */
  async close(): Promise<void> {
    await this.core.close();
    this.options.sender.close();
  }

  /** A turn's effects within Messenger's limits (an agent's plain text is split there too). */
  private render(effects: readonly Effect[], flowId: string, address: string, locales?: readonly { code: string }[]): Reply[] {
    return this.core.render(effects, flowId, {
      capabilities: channelCapabilities.messenger,
      audioUrl: (name) => publicAudioUrl(this.options.publicBaseUrl, flowId, name),
      texts: (locale) => this.written.for(address, locale, locales),
      label: 'Messenger',
    });
  }
}

/** The inbox id of a Messenger event: its mid (or a postback's hash), unique across Meta. */
export function inboxIdOf(message: Pick<InboundMessage, 'messageId'>): string {
  return `messenger:${message.messageId}`;
}

/** The PSID of a conversation `<page id>:<psid>`. */
function psidOf(conversation: string): string {
  return conversation.slice(conversation.indexOf(':') + 1);
}
