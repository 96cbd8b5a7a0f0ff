import { renderReplies, type Effect, type JsonValue, type RenderOptions, type Reply, type SystemTexts } from '@griot/flows';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { createInbox, sessionRef, type ChannelInboxOptions } from './createInbox.ts';
import { InFlight } from './InFlight.ts';
import { GiveUp, refOf, type Attempt, type InboundWorker } from './InboundWorker.ts';
import type { InboundMessage } from './inbound.ts';
import type { InboundRecord } from './ledger.ts';
import type { MessageProcessed } from './MessageProcessed.ts';
import type { MessagingConversations } from './MessagingConversations.ts';
import type { SenderShares } from './SenderShares.ts';
import { warnOnce } from './warnOnce.ts';

/** What a turn produced for a message, kept in its inbox record so a retry sends it rather than replays the turn. */
export interface PlannedReplies<M> {
  outcome: string;
  messages: M[];
}

/** What a chat channel does with one recorded message; the rest (timings, progress, retries) is `ChatInbox`'s. */
export interface ChatDelivery<M, Report> {
  /**
   * The subscriber's message in a recorded payload, and work started beside its turn, awaited once
   * the replies are sent (Telegram: answering a button's callback query). Absent: the payload is the message.
   */
  read?(payload: JsonValue, attempt: Attempt): { message: InboundMessage; alongside?: Promise<void> | undefined };
  /** The flow's turn for the message, as the platform's messages to send. */
  plan(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies<M>>;
  /** Sends them; throws for the inbox to try again later, `GiveUp` where trying again cannot help. */
  send(message: InboundMessage, messages: M[]): Promise<Report>;
}

/** What every chat channel's options hold beside its protocol's own (its sender, its client, its audio). */
export interface ChatChannelOptions<Report> extends ChannelInboxOptions {
  conversations: MessagingConversations;
  texts?: (locale: string | undefined) => SystemTexts;
  logger?: ChannelLogger;
  /** Called after each message is fully handled (tests, metrics). */
  onProcessed?: (event: MessageProcessed<Report>) => void;
}

export interface ChatInboxOptions<Report> extends ChannelInboxOptions {
  logger: ChannelLogger;
  /** Logged when processing throws past the inbox (a bug): `WhatsApp message processing failed`. */
  queueErrorMessage: string;
  /** Called after each message is fully handled (tests, metrics). */
  onProcessed?: ((event: MessageProcessed<Report>) => void) | undefined;
}

/** One message for the inbox: `sentAt`, the platform's date of it (signed with the body), when it has one. */
export interface InboxEntry {
  id: string;
  channel: string;
  conversationKey: string;
  payload: JsonValue;
  sentAt?: string;
}

/** How one delivery's records fared: `full` (nothing recorded), `refused` (a sender over its share; the others' recorded), or `recorded`. */
export interface Recorded {
  status: 'full' | 'refused' | 'recorded';
  /** Per admitted record, whether it was new (not a re-delivery). */
  fresh: boolean[];
}

/**
 * What WhatsApp, Messenger and Telegram share between a verified webhook and the platform's
 * reply: a delivery's messages recorded in the inbox (the Store) before the platform has its 2xx,
 * each sender within its share of the queue; then, in order per subscriber and at least once
 * (after a crash, the next process or another instance takes over), the flow's turn, kept as
 * progress so a retry sends its replies rather than replays it, the send, and the timings. Each
 * channel keeps its protocol: parsing, rendering, the send and what its failures mean.
 */
export class ChatInbox<M, Report> {
  readonly queue: KeyedQueue;
  readonly inbox: InboundWorker;
  private readonly shares: SenderShares;
  private readonly logger: ChannelLogger;
  /** When each message queued here was accepted (`performance.now()`), for the timings. */
  private readonly acceptedAt = new Map<string, number>();
  /** Webhooks being recorded now: a graceful stop lets them finish and processes their messages. */
  private readonly accepting = new InFlight();
  /** Problems of a flow (not of a message) are logged once, not on every message. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly channel: string,
    private readonly options: ChatInboxOptions<Report>,
    private readonly delivery: ChatDelivery<M, Report>,
  ) {
    this.logger = options.logger;
    ({
      queue: this.queue,
      inbox: this.inbox,
      shares: this.shares,
    } = createInbox(channel, options, {
      process: (record, attempt) => this.process(record, attempt),
      onQueueError: (error, key) => this.logger.error({ session: sessionRef(key), error: describe(error) }, options.queueErrorMessage),
      logger: this.logger,
    }));
  }

  /** Starts the inbox: what an earlier process left unprocessed is processed now. */
  start(): void {
    this.inbox.start();
  }

  /** Tracks a webhook being accepted, so `close` lets it finish. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.accepting.track(work);
  }

  /**
   * Records a delivery's messages durably (one write) and queues them. A sender over its share has
   * its messages refused, and so the whole delivery answered 503 (a 200 is final for all of it): the
   * others' are recorded first, so they are processed now and a re-delivery finds them already recorded.
   */
  async record(records: readonly InboxEntry[]): Promise<Recorded> {
    const acceptedAt = performance.now();
    const { admitted, refused, full, release } = this.shares.admit(this.withinMemory(records));
    if (full) return { status: 'full', fresh: [] };
    for (const record of admitted) this.acceptedAt.set(record.id, acceptedAt);
    let fresh: boolean[] = [];
    try {
      fresh = await this.inbox.record(admitted.map(({ sentAt: _, ...record }) => record));
    } finally {
      release();
      // Re-deliveries are not processed from here (nor anything, when recording failed).
      admitted.forEach((record, i) => fresh[i] || this.acceptedAt.delete(record.id));
    }
    return { status: refused > 0 ? 'refused' : 'recorded', fresh };
  }

  /** `record` for a delivery whose messages are kept as they came (WhatsApp, Messenger), each under `idOf` its platform's id. */
  recordMessages(messages: readonly InboundMessage[], idOf: (message: InboundMessage) => string): Promise<Recorded> {
    return this.record(
      messages.map((message) => ({
        id: idOf(message),
        channel: this.channel,
        conversationKey: `${this.channel}:${message.conversation}`,
        payload: message as unknown as JsonValue,
        sentAt: message.sentAt,
      })),
    );
  }

  /**
   * The records the platform dates within the inbox's memory of ids (`dedupeHours`, 7 days by
   * default). Meta signs a body without a timestamp of the request, and Telegram's secret token is
   * the same on every update: a captured delivery, replayed once its id was forgotten, would pass
   * every check and run its turns again (restart a contact, confirm a payment again). The
   * message's own date is in the body (signed by Meta; Telegram's token signs nothing, so there it
   * stops a replay as captured, not a forger holding the token), so one older than the memory is a
   * replay, or a delivery so late nobody waits for its answer: answered 200 (the platform stops) and dropped.
   */
  private withinMemory(records: readonly InboxEntry[]): InboxEntry[] {
    const now = (this.options.now ?? Date.now)();
    const memoryMs = this.inbox.dedupeMs;
    return records.filter((record) => {
      const sentMs = record.sentAt === undefined ? Number.NaN : Date.parse(record.sentAt);
      if (!(now - sentMs > memoryMs)) return true;
      this.logger.warn(
        { ref: refOf(record.id), channel: record.channel, ageHours: Math.floor((now - sentMs) / 3_600_000), limitHours: Math.floor(memoryMs / 3_600_000) },
        'inbound message dated before the inbox remembers re-deliveries: not processed (a replay, or a delivery too late to answer)',
      );
      return false;
    });
  }

  /** A turn's effects within a channel's row of the table; a prompt it cannot show is logged once per flow and node. */
  render(effects: readonly Effect[], flowId: string, how: Required<RenderOptions> & { label: string }): Reply[] {
    const rendered = renderReplies([...effects], { capabilities: how.capabilities, audioUrl: how.audioUrl, texts: how.texts });
    for (const dropped of rendered.dropped) this.warnOnce(`${flowId}:${dropped.node}:${dropped.reason}`, { flowId, ...dropped }, `prompt not sent on ${how.label}`);
    return rendered.replies;
  }

  /** Logs a problem of a flow (not of a message) once. */
  warnOnce(key: string, details: object, message: string): void {
    warnOnce(this.warned, this.logger, key, details, message);
  }

  /**
   * Graceful stop: lets webhooks being recorded finish, processes what is queued (without waiting
   * out retry backoffs) and lets the rest go for the next process. The channel then closes its client.
   */
  async close(): Promise<void> {
    await this.accepting.settled();
    await this.inbox.close();
    await this.queue.idle();
  }

  /**
   * Handles one recorded message: the flow's turn (unless an earlier attempt already ran it and
   * kept its replies), then the replies. A failure is thrown for the inbox to try again; on the
   * last attempt the subscriber is told there is a technical problem.
   */
  private async process(record: InboundRecord, attempt: Attempt): Promise<void> {
    // A payload sealed under a data key no longer configured comes back without it: nobody to answer, nothing to retry.
    if (record.payload === undefined) throw new GiveUp('its content cannot be read (sealed under a data key that is no longer configured)');
    const began = performance.now();
    const acceptedAt = this.acceptedAt.get(record.id) ?? began;
    this.acceptedAt.delete(record.id);
    const { message, alongside } = this.delivery.read?.(record.payload, attempt) ?? { message: record.payload as unknown as InboundMessage };
    const planned = (record.progress as unknown as PlannedReplies<M> | undefined) ?? (await this.delivery.plan(message, attempt));
    if (planned.messages.length > 0 && !record.progress) await attempt.saveProgress(planned as unknown as JsonValue);
    const turned = performance.now();
    let report: Report | undefined;
    if (planned.messages.length > 0) report = await this.delivery.send(message, planned.messages);
    await alongside;
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome: planned.outcome, timings, ...(report ? { report } : {}) });
    if (planned.outcome === 'error') throw new GiveUp('the turn failed on every attempt: the subscriber was told of a technical problem');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
