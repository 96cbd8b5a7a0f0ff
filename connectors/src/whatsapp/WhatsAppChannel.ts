import { channelCapabilities, renderReplies, systemTexts, writtenLocaleFor, type Effect, type JsonValue, type Reply, type SystemTexts } from '@griot/flows';
import { GiveUp, type InboundWorker, type Attempt } from '../messaging/InboundWorker.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { MessageProcessed } from '../messaging/MessageProcessed.ts';
import { createInbox, sessionRef, type InboxOptions } from '../messaging/createInbox.ts';
import { InFlight } from '../messaging/InFlight.ts';
import type { SenderShares } from '../messaging/SenderShares.ts';
import { runInQueue } from '../messaging/runInQueue.ts';
import { warnOnce } from '../messaging/warnOnce.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import type { InboundRecord, MessagingLedger } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { PlannedMessage } from './graphMessages.ts';
import { parseWebhook, type WhatsAppStatusUpdate } from './parseWebhook.ts';
import { toWhatsAppMessages } from './toWhatsAppMessages.ts';
import type { SendReport, WhatsAppSender } from './WhatsAppSender.ts';
import { endOnError } from '../messaging/endOnError.ts';
import { logKeyOf } from '../channel/logDigest.ts';

export interface WhatsAppChannelOptions {
  conversations: MessagingConversations;
  sender: WhatsAppSender;
  ledger: MessagingLedger;
  /** Whether recorded prompts can be sent (the sender uploads them to Graph); otherwise they are reported dropped. */
  uploadsAudio?: boolean;
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
 * or a sender in the body is over its share (the other senders' messages then recorded already).
 */
export type AcceptResult = { status: 'accepted'; messages: number; statuses: number } | { status: 'busy' };

/** What a turn produced for a message, kept in its inbox record so a retry sends it rather than replays the turn. */
interface PlannedReplies {
  outcome: string;
  messages: PlannedMessage[];
}

/**
 * The WhatsApp channel. A verified webhook body in; its messages recorded in the inbox (the
 * Store) before Meta gets its 200, then processed in order per subscriber, at least once: after
 * a crash, the next process (or another instance) takes over what was not processed. Each turn's
 * effects are rendered within WhatsApp's limits and sent under idempotency keys. Delivery
 * reports go to the ledger.
 */
export class WhatsAppChannel {
  readonly queue: KeyedQueue;
  readonly inbox: InboundWorker;
  private readonly shares: SenderShares;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** Problems of a flow (not of a message) are logged once, not on every message. */
  private readonly warned = new Set<string>();
  /**
   * The locales of the flow each phone number id last ran (one per binding: bounded), for the
   * replies made outside a turn (an unreadable message, a technical problem): a language without
   * written words (Fon) gets them in the flow's default language, as its menus.
   */
  private readonly flowLocales = new Map<string, readonly { code: string }[]>();
  /** When each message queued here was accepted (`performance.now()`), for the timings. */
  private readonly acceptedAt = new Map<string, number>();
  /** Webhooks being recorded now: a graceful stop lets them finish and processes their messages. */
  private readonly accepting = new InFlight();

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    ({
      queue: this.queue,
      inbox: this.inbox,
      shares: this.shares,
    } = createInbox('whatsapp', options, {
      process: (record, attempt) => this.processRecord(record, attempt),
      onQueueError: (error, key) => this.logger.error({ session: sessionRef(key), error: describe(error) }, 'WhatsApp message processing failed'),
      logger: this.logger,
    }));
  }

  /** Starts the inbox: what an earlier process left unprocessed is processed now. */
  start(): void {
    this.inbox.start();
  }

  /**
   * Takes a verified webhook body: records its messages durably (one write) and queues them,
   * records its statuses. Resolves once the messages are safe: then, and only then, Meta may
   * have its 200. Rejects when they could not be recorded (the webhook must fail: Meta
   * re-delivers).
   */
  accept(body: unknown): Promise<AcceptResult> {
    return this.accepting.track(this.acceptNow(body));
  }

  private async acceptNow(body: unknown): Promise<AcceptResult> {
    const parsed = parseWebhook(body);
    for (const problem of parsed.problems) this.logger.warn({ ...problem }, 'WhatsApp webhook part skipped');
    const acceptedAt = performance.now();
    const records = parsed.messages.map((message) => ({
      id: inboxIdOf(message),
      channel: 'whatsapp',
      conversationKey: `whatsapp:${message.conversation}`,
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
    if (parsed.statuses.length > 0) {
      this.recordStatuses(parsed.statuses).catch((error: unknown) => this.logger.error({ error: describe(error) }, 'recording WhatsApp statuses failed'));
    }
    // Statuses are recorded either way: one delivered again is recorded as before (they repeat anyway).
    if (refused > 0) return { status: 'busy' };
    return { status: 'accepted', messages: parsed.messages.length, statuses: parsed.statuses.length };
  }

  /**
   * Handles one recorded message: the flow's turn (unless an earlier attempt already ran it and
   * kept its replies), then the replies. A failure is thrown for the inbox to try again; on the
   * last attempt the subscriber is told there is a technical problem.
   */
  private async processRecord(record: InboundRecord, attempt: Attempt): Promise<void> {
    // A payload sealed under a data key no longer configured comes back without it: nobody to answer, nothing to retry.
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
        phoneNumberId: message.address,
        to: message.from,
        conversationKey: `whatsapp:${message.conversation}`,
        causeId: message.messageId,
        messages: planned.messages,
        lastInboundAt: message.sentAt,
      });
      const failure = report.failure;
      // Graph certainly did not take it (after its own retries): try again later. Refused: it would be refused again.
      if (failure?.outcome === 'unavailable') throw new Error(`Graph unavailable: ${failure.message}`);
      if (failure) throw new GiveUp(`Graph refused the reply: ${failure.outcome}${'status' in failure && failure.status ? ` ${failure.status}` : ''}`);
    }
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome: planned.outcome, timings, ...(report ? { report } : {}) });
    if (planned.outcome === 'error') throw new GiveUp('the turn failed on every attempt: the subscriber was told of a technical problem');
  }

  /** The flow's turn for a message, as the replies to send. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies> {
    let replies: Reply[];
    let outcome: string;
    let flowId = '';
    try {
      const result = await this.options.conversations.receive(message);
      outcome = result.kind;
      switch (result.kind) {
        case 'noBinding':
          this.logger.warn({ phoneNumberId: message.address }, 'WhatsApp message to a phone number id without a binding');
          replies = [];
          break;
        case 'duplicate':
        case 'ignored':
          replies = [];
          break;
        case 'unsupported':
          replies = [{ type: 'text', text: this.writtenTexts(result.locale, this.flowLocales.get(message.address)).unsupportedMessage }];
          break;
        case 'turn': {
          flowId = result.turn.session?.flowId ?? result.binding.flowId;
          const locales = result.turn.flow?.locales ?? [];
          if (result.turn.flow) this.flowLocales.set(message.address, locales);
          const rendered = renderReplies(result.turn.effects ?? [], {
            capabilities: channelCapabilities.whatsapp,
            audioUrl: (name) => this.audioUrl(flowId, name),
            // A language without written words (Fon) has its menus labelled in the flow's default language.
            texts: (locale) => this.texts(writtenLocaleFor(locale, locales)),
          });
          for (const dropped of rendered.dropped) this.warnOnce(`${flowId}:${dropped.node}:${dropped.reason}`, { flowId, ...dropped }, 'prompt not sent on WhatsApp');
          replies = rendered.replies;
          break;
        }
      }
    } catch (error) {
      // The engine or a dependency failed: try again later; the last time, tell the subscriber rather than leave them waiting.
      if (!attempt.last) throw error;
      this.logger.error(
        { attempt: attempt.number, session: logKeyOf(`whatsapp:${message.conversation}`), cause: 'internalError', error: describe(error) },
        'WhatsApp turn failed on its last attempt: the subscriber is told of a technical problem, the contact ends on an error',
      );
      await endOnError(this.options.conversations, `whatsapp:${message.conversation}`, this.logger);
      outcome = 'error';
      const locale = await this.options.conversations.recallLocale(`whatsapp:${message.conversation}`, message.phoneNumber ?? message.from);
      replies = [{ type: 'text', text: this.writtenTexts(locale, this.flowLocales.get(message.address)).technicalProblem }];
    }
    return { outcome, messages: toWhatsAppMessages(replies, flowId) };
  }

  /**
   * Sends outside the subscriber's own turn: an agent's words, or the flow's turn after an
   * agent hands the conversation back. Goes through the subscriber's queue, so it never
   * overtakes a reply still being sent; the 24-hour window applies as for any reply.
   */
  sendOutOfTurn(
    sessionKey: string,
    content: { text: string } | { effects: readonly Effect[]; flowId: string; locales?: readonly { code: string }[] | undefined },
    causeId: string,
  ): Promise<SendReport | undefined> {
    // `whatsapp:<phone number id>:<wa_id or user id>`
    const match = /^whatsapp:([^:]+):([^:]+)$/.exec(sessionKey);
    if (!match) return Promise.reject(new Error(`not a WhatsApp conversation: ${sessionKey}`));
    const [, phoneNumberId = '', to = ''] = match;
    const send = async (): Promise<SendReport | undefined> => {
      const replies: Reply[] =
        'text' in content
          ? [{ type: 'text', text: content.text }]
          : renderReplies([...content.effects], {
              capabilities: channelCapabilities.whatsapp,
              audioUrl: (name) => this.audioUrl(content.flowId, name),
              texts: (locale) => this.writtenTexts(locale, content.locales ?? this.flowLocales.get(phoneNumberId)),
            }).replies;
      if (replies.length === 0) return undefined;
      const lastInboundAt = (await this.options.ledger.lastInbound(sessionKey)) ?? new Date(0).toISOString();
      return this.options.sender.send({ phoneNumberId, to, conversationKey: sessionKey, causeId, messages: toWhatsAppMessages(replies, 'flowId' in content ? content.flowId : ''), lastInboundAt });
    };
    return runInQueue<SendReport | undefined>(this.queue, sessionKey, send, 'too many WhatsApp messages queued');
  }

  /**
   * Whether a conversation can be opened (or written to) now: inside WhatsApp's 24-hour window
   * since the subscriber's last message, or with an approved template configured.
   */
  async canReach(sessionKey: string): Promise<boolean> {
    return this.options.sender.canReach(await this.options.ledger.lastInbound(sessionKey));
  }

  /**
   * Graceful shutdown: lets webhooks being recorded finish, processes what is queued (without
   * waiting out retry backoffs), lets the rest go for the next process, then closes the Graph
   * connections.
   */
  async close(): Promise<void> {
    await this.accepting.settled();
    await this.inbox.close();
    await this.queue.idle();
    this.options.sender.close();
  }

  async recordStatuses(statuses: WhatsAppStatusUpdate[]): Promise<void> {
    for (const status of statuses) {
      const kept = await this.options.ledger.recordStatus({
        messageId: status.messageId,
        status: status.status,
        at: status.at,
        ...(status.callbackData ? { outboundKey: status.callbackData } : {}),
        ...(status.errors.length > 0 ? { errors: status.errors } : {}),
      });
      if (status.status === 'failed' && kept.status === 'failed') {
        this.logger.warn({ wamid: status.messageId, key: status.callbackData, errors: status.errors }, 'WhatsApp reports a message undelivered');
      }
      if (status.callbackData && status.status !== 'failed') {
        // A send that timed out is confirmed by its report: record it as sent, with its wamid.
        const outbound = await this.options.ledger.getOutbound(status.callbackData);
        if (outbound?.state === 'uncertain') {
          await this.options.ledger.putOutbound({ ...outbound, state: 'sent', platformId: status.messageId, updatedAt: status.at });
        }
      }
    }
  }

  /** The system texts for a subscriber's locale, in the flow's first written language when theirs has none (Fon). */
  private writtenTexts(locale: string | undefined, flowLocales: readonly { code: string }[] = []): SystemTexts {
    return this.texts(locale === undefined ? undefined : writtenLocaleFor(locale, flowLocales));
  }

  private warnOnce(key: string, details: object, message: string): void {
    warnOnce(this.warned, this.logger, key, details, message);
  }

  /**
   * Not a URL Meta fetches: the sender uploads the file itself (`WhatsAppMedia`), so no audio route
   * is opened to the internet for WhatsApp. The reference only tells the renderer the prompt can go.
   */
  private audioUrl(flowId: string, name: string): string | undefined {
    return this.options.uploadsAudio ? `griot-recording:${flowId}/${name}` : undefined;
  }
}

/** The inbox id of a WhatsApp message: its wamid, unique across Meta. */
export function inboxIdOf(message: Pick<InboundMessage, 'messageId'>): string {
  return `whatsapp:${message.messageId}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
