import { channelCapabilities, renderReplies, systemTexts, writtenLocaleFor, type Effect, type Reply, type SystemTexts } from '@griot/flows';
import { GiveUp, refOf, type InboundWorker, type Attempt } from '../messaging/InboundWorker.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { MessageProcessed } from '../messaging/MessageProcessed.ts';
import { ChatInbox, type ChatChannelOptions, type PlannedReplies } from '../messaging/ChatInbox.ts';
import { chatTurn } from '../messaging/chatTurn.ts';
import { runInQueue } from '../messaging/runInQueue.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { PlannedMessage } from './graphMessages.ts';
import { parseWebhook, type WhatsAppStatusUpdate } from './parseWebhook.ts';
import { toWhatsAppMessages } from './toWhatsAppMessages.ts';
import type { SendReport, WhatsAppSender } from './WhatsAppSender.ts';

export interface WhatsAppChannelOptions extends ChatChannelOptions<SendReport> {
  sender: WhatsAppSender;
  /** Whether recorded prompts can be sent (the sender uploads them to Graph); otherwise they are reported dropped. */
  uploadsAudio?: boolean;
}

export type ProcessedEvent = MessageProcessed<SendReport>;

/**
 * What the webhook endpoint answers: `busy` → 503 (Meta re-delivers later), when the queue is full
 * or a sender in the body is over its share (the other senders' messages then recorded already).
 */
export type AcceptResult = { status: 'accepted'; messages: number; statuses: number } | { status: 'busy' };

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
  private readonly core: ChatInbox<PlannedMessage, SendReport>;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /**
   * The locales of the flow each phone number id last ran (one per binding: bounded), for the
   * replies made outside a turn (an unreadable message, a technical problem): a language without
   * written words (Fon) gets them in the flow's default language, as its menus.
   */
  private readonly flowLocales = new Map<string, readonly { code: string }[]>();

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.core = new ChatInbox<PlannedMessage, SendReport>(
      'whatsapp',
      { ...options, logger: this.logger, queueErrorMessage: 'WhatsApp message processing failed' },
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
   * Takes a verified webhook body: records its messages durably (one write) and queues them,
   * records its statuses. Resolves once the messages are safe: then, and only then, Meta may
   * have its 200. Rejects when they could not be recorded (the webhook must fail: Meta
   * re-delivers).
   */
  accept(body: unknown): Promise<AcceptResult> {
    return this.core.track(this.acceptNow(body));
  }

  /**
   * When `error` (a body that could not be recorded) is the store failing: its cause code, said
   * once a minute and counted (`griot_store_failures_total{channel="whatsapp"}`); else undefined.
   */
  storeFailed(error: unknown, message: string): string | undefined {
    return this.options.conversations.storeFailed(error, 'whatsapp', {}, message);
  }

  private async acceptNow(body: unknown): Promise<AcceptResult> {
    const parsed = parseWebhook(body);
    for (const problem of parsed.problems) this.logger.warn({ ...problem }, 'WhatsApp webhook part skipped');
    const recorded = await this.core.recordMessages(parsed.messages, inboxIdOf);
    if (recorded.status === 'full') return { status: 'busy' };
    if (parsed.statuses.length > 0) {
      this.recordStatuses(parsed.statuses).catch((error: unknown) => this.logger.error({ error: describe(error) }, 'recording WhatsApp statuses failed'));
    }
    // Statuses are recorded either way: one delivered again is recorded as before (they repeat anyway).
    if (recorded.status === 'refused') return { status: 'busy' };
    return { status: 'accepted', messages: parsed.messages.length, statuses: parsed.statuses.length };
  }

  /** Sends a turn's replies, within the 24-hour window of the message they answer. */
  private async reply(message: InboundMessage, messages: PlannedMessage[]): Promise<SendReport> {
    const report = await this.options.sender.send({
      phoneNumberId: message.address,
      to: message.from,
      conversationKey: `whatsapp:${message.conversation}`,
      causeId: message.messageId,
      messages,
      lastInboundAt: message.sentAt,
    });
    const failure = report.failure;
    // Graph certainly did not take it (after its own retries): try again later. Refused: it would be refused again.
    if (failure?.outcome === 'unavailable') throw new Error(`Graph unavailable: ${failure.message}`);
    if (failure) throw new GiveUp(`Graph refused the reply: ${failure.outcome}${'status' in failure && failure.status ? ` ${failure.status}` : ''}`);
    return report;
  }

  /** The flow's turn for a message, as the replies to send. */
  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedReplies<PlannedMessage>> {
    let flowId = '';
    const { outcome, replies } = await chatTurn(this.options.conversations, message, attempt, {
      label: 'WhatsApp',
      conversationKey: `whatsapp:${message.conversation}`,
      logger: this.logger,
      noBinding: () => this.logger.warn({ phoneNumberId: message.address }, 'WhatsApp message to a phone number id without a binding'),
      unsupported: (locale) => [{ type: 'text', text: this.writtenTexts(locale, this.flowLocales.get(message.address)).unsupportedMessage }],
      turn: (result) => {
        flowId = result.turn.session?.flowId ?? result.binding.flowId;
        const locales = result.turn.flow?.locales ?? [];
        if (result.turn.flow) this.flowLocales.set(message.address, locales);
        return this.core.render(result.turn.effects ?? [], flowId, {
          capabilities: channelCapabilities.whatsapp,
          audioUrl: (name) => this.audioUrl(flowId, name),
          // A language without written words (Fon) has its menus labelled in the flow's default language.
          texts: (locale) => this.texts(writtenLocaleFor(locale, locales)),
          label: 'WhatsApp',
        });
      },
      texts: (locale) => this.writtenTexts(locale, this.flowLocales.get(message.address)),
    });
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
    await this.core.close();
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
        // Refs, not ids: a wamid (and the key, which begins with the one it answered) encodes the subscriber's number.
        this.logger.warn({ ref: refOf(status.messageId), ...(status.callbackData ? { key: refOf(status.callbackData) } : {}), errors: status.errors }, 'WhatsApp reports a message undelivered');
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
