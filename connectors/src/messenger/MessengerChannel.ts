import { channelCapabilities, renderReplies, splitText, systemTexts, type Effect, type JsonValue, type Reply, type SystemTexts } from '@griot/flows';
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
import { parseWebhook } from './parseWebhook.ts';
import { toMessengerMessages } from './toMessengerMessages.ts';
import type { Author, MessengerSender, SendReport } from './MessengerSender.ts';
import type { MessengerMessage } from './sendApi.ts';
import { endOnError } from '../messaging/endOnError.ts';
import { logKeyOf } from '../channel/logDigest.ts';

export interface MessengerChannelOptions {
  conversations: MessagingConversations;
  sender: MessengerSender;
  ledger: MessagingLedger;
  /** Public base URL of Griot, for audio prompts sent by link (`<base>/audio/<flowId>/<name>`). */
  publicBaseUrl?: string;
  texts?: (locale: string | undefined) => SystemTexts;
  maxPending?: number;
  /** Messages of one subscriber queued at most; past it their new ones are refused (503) while others' get in. */
  maxPendingPerSender?: number;
  /** How the inbox processes what Meta had its 200 for (see `InboundWorker`). */
  inbox?: InboxOptions;
  now?: () => number;
  logger?: ChannelLogger;
  /** Called after each message is fully handled (tests, metrics). */
  onProcessed?: (event: ProcessedEvent) => void;
}

export type ProcessedEvent = MessageProcessed<SendReport>;

/**
 * What the webhook endpoint answers: `busy` → 503 (Meta re-delivers later), when the queue is full
 * or a sender in the body is over its share (the other senders' events then recorded already).
 */
export type AcceptResult = { status: 'accepted'; messages: number } | { status: 'busy' };

/** What a turn produced for a message, kept in its inbox record so a retry sends it rather than replays the turn. */
interface PlannedReplies {
  outcome: string;
  messages: MessengerMessage[];
}

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
  private readonly shares: SenderShares;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written: WrittenTexts;
  /** Problems of a flow (not of a message) are logged once, not on every message. */
  private readonly warned = new Set<string>();
  private readonly acceptedAt = new Map<string, number>();
  /** Webhooks being recorded now: a graceful stop lets them finish and processes their events. */
  private readonly accepting = new InFlight();

  constructor(private readonly options: MessengerChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.written = new WrittenTexts(this.texts);
    ({
      queue: this.queue,
      inbox: this.inbox,
      shares: this.shares,
    } = createInbox('messenger', options, {
      process: (record, attempt) => this.processRecord(record, attempt),
      onQueueError: (error, key) => this.logger.error({ session: sessionRef(key), error: describe(error) }, 'Messenger message processing failed'),
      logger: this.logger,
    }));
  }

  /** Starts the inbox: what an earlier process left unprocessed is processed now. */
  start(): void {
    this.inbox.start();
  }

  /**
   * Takes a verified webhook body: records what subscribers wrote or pressed durably (one
   * write) and queues it. Resolves once it is safe: then, and only then, Meta may have its 200.
   * Rejects when it could not be recorded (the webhook must fail: Meta re-delivers).
   */
  accept(body: unknown): Promise<AcceptResult> {
    return this.accepting.track(this.acceptNow(body));
  }

  private async acceptNow(body: unknown): Promise<AcceptResult> {
    const parsed = parseWebhook(body, this.options.now);
    for (const problem of parsed.problems) this.logger.warn({ ...problem }, 'Messenger webhook event skipped');
    const acceptedAt = performance.now();
    const records = parsed.messages.map((message) => ({
      id: inboxIdOf(message),
      channel: 'messenger',
      conversationKey: `messenger:${message.conversation}`,
      payload: message as unknown as JsonValue,
    }));
    // A sender over its share has its messages refused, and so the whole delivery answered 503 (a 200
    // is final for all of it): the others' are recorded first, so they are processed now and a
    // re-delivery finds them already recorded.
    const { admitted, refused, full, release } = this.shares.admit(records);
    if (full) return { status: 'busy' };
    for (const record of admitted) this.acceptedAt.set(record.id, acceptedAt);
    let fresh: boolean[] = [];
    try {
      fresh = await this.inbox.record(admitted);
    } finally {
      release();
      // Re-deliveries are not processed from here (nor anything, when recording failed).
      admitted.forEach((record, i) => fresh[i] || this.acceptedAt.delete(record.id));
    }
    if (refused > 0) return { status: 'busy' };
    return { status: 'accepted', messages: parsed.messages.length };
  }

  /**
   * Handles one recorded message: the flow's turn (unless an earlier attempt already ran it and
   * kept its replies), then the replies. A failure is thrown for the inbox to try again; on the
   * last attempt the subscriber is told there is a technical problem.
   */
  private async processRecord(record: InboundRecord, attempt: Attempt): Promise<void> {
    if (record.payload === undefined) throw new GiveUp('its content cannot be read (sealed under a data key that is no longer configured)');
    const message = record.payload as unknown as InboundMessage;
    const began = performance.now();
    const acceptedAt = this.acceptedAt.get(record.id) ?? began;
    this.acceptedAt.delete(record.id);
    const planned = (record.progress as unknown as PlannedReplies | undefined) ?? (await this.turn(message, attempt));
    if (planned.messages.length > 0 && !record.progress) await attempt.saveProgress(planned as unknown as JsonValue);
    const turned = performance.now();
    let report: SendReport | undefined;
    if (planned.messages.length > 0) {
      report = await this.options.sender.send({
        psid: psidOf(message.conversation),
        conversationKey: `messenger:${message.conversation}`,
        causeId: message.messageId,
        messages: planned.messages,
        // An answer to this very message: the window runs from when it was written.
        lastInboundAt: message.sentAt,
        author: 'bot',
      });
      const failure = report.failure;
      // Meta certainly did not take it (after the client's own retries): try again later. Refused: it would be refused again.
      if (failure?.outcome === 'unavailable') throw new Error(`Send API unavailable: ${failure.message}`);
      if (failure?.outcome === 'rejected') throw new GiveUp(`Meta refused the reply (${failure.reason}): ${failure.message}`);
    }
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome: planned.outcome, timings, ...(report ? { report } : {}) });
    if (planned.outcome === 'error') throw new GiveUp('the turn failed on every attempt: the subscriber was told of a technical problem');
  }

  /** The flow's turn for a message, as the messages to send. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies> {
    let replies: Reply[];
    let outcome: string;
    try {
      const result = await this.options.conversations.receive(message);
      outcome = result.kind;
      switch (result.kind) {
        case 'noBinding':
          this.logger.warn({ pageId: message.address }, 'Messenger message to a Page without a binding');
          replies = [];
          break;
        case 'duplicate':
        case 'ignored':
          replies = [];
          break;
        case 'unsupported':
          replies = [{ type: 'text', text: this.written.for(message.address, result.locale).unsupportedMessage }];
          break;
        case 'turn':
          replies = this.render(result.turn.effects ?? [], result.turn.session?.flowId ?? result.binding.flowId, message.address, this.written.learn(message.address, result.turn.flow?.locales));
          break;
      }
    } catch (error) {
      // The engine or a dependency failed: try again later; the last time, tell the subscriber rather than leave them waiting.
      if (!attempt.last) throw error;
      this.logger.error(
        { attempt: attempt.number, session: logKeyOf(`messenger:${message.conversation}`), cause: 'internalError', error: describe(error) },
        'Messenger turn failed on its last attempt: the subscriber is told of a technical problem, the contact ends on an error',
      );
      await endOnError(this.options.conversations, `messenger:${message.conversation}`, this.logger);
      outcome = 'error';
      const locale = await this.options.conversations.recallLocale(`messenger:${message.conversation}`, message.phoneNumber ?? message.from);
      replies = [{ type: 'text', text: this.written.for(message.address, locale).technicalProblem }];
    }
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
    await this.accepting.settled();
    await this.inbox.close();
    await this.queue.idle();
    this.options.sender.close();
  }

  /** A turn's effects within Messenger's limits (an agent's plain text is split there too). */
  private render(effects: readonly Effect[], flowId: string, address: string, locales?: readonly { code: string }[]): Reply[] {
    const rendered = renderReplies([...effects], {
      capabilities: channelCapabilities.messenger,
      audioUrl: (name) => this.audioUrl(flowId, name),
      texts: (locale) => this.written.for(address, locale, locales),
    });
    for (const dropped of rendered.dropped) this.warnOnce(`${flowId}:${dropped.node}:${dropped.reason}`, { flowId, ...dropped }, 'prompt not sent on Messenger');
    return rendered.replies;
  }

  private warnOnce(key: string, details: object, message: string): void {
    warnOnce(this.warned, this.logger, key, details, message);
  }

  private audioUrl(flowId: string, name: string): string | undefined {
    return publicAudioUrl(this.options.publicBaseUrl, flowId, name);
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
