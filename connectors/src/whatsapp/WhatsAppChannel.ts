import type { Effect } from '@griot/flows';
import { KeyedQueue } from '../messaging/KeyedQueue.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import { silentLogger, type MessagingLogger } from '../messaging/port.ts';
import type { Reply } from '../messaging/replies.ts';
import { renderReplies } from '../messaging/renderReplies.ts';
import { systemTexts, type SystemTexts } from '../messaging/systemTexts.ts';
import { parseWebhook, type WhatsAppStatusUpdate } from './parseWebhook.ts';
import { toWhatsAppMessages } from './toWhatsAppMessages.ts';
import { whatsappCapabilities } from './whatsappCapabilities.ts';
import type { SendReport, WhatsAppSender } from './WhatsAppSender.ts';

export interface WhatsAppChannelOptions {
  conversations: MessagingConversations;
  sender: WhatsAppSender;
  ledger: MessagingLedger;
  /** Public base URL of Griot, for audio prompts sent by link (`<base>/audio/<flowId>/<name>`). */
  publicBaseUrl?: string;
  texts?: (locale: string | undefined) => SystemTexts;
  maxPending?: number;
  logger?: MessagingLogger;
  /** Called after each message is fully handled (tests, metrics). */
  onProcessed?: (event: ProcessedEvent) => void;
}

export interface ProcessedEvent {
  message: InboundMessage;
  outcome: string;
  report?: SendReport;
  /** Milliseconds waiting in the subscriber's queue, in the flow's turn, and sending. */
  timings: { queuedMs: number; turnMs: number; sendMs: number };
}

/** What the webhook endpoint answers: `busy` → 503 (Meta re-delivers later). */
export type AcceptResult = { status: 'accepted'; messages: number; statuses: number } | { status: 'busy' };

/**
 * The WhatsApp channel: a verified webhook body in, messages queued per subscriber (in order,
 * one at a time) and processed after the webhook was answered; each turn's effects rendered
 * within WhatsApp's limits and sent. Delivery reports go to the ledger.
 */
export class WhatsAppChannel {
  readonly queue: KeyedQueue;
  private readonly logger: MessagingLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** Problems of a flow (not of a message) are logged once, not on every message. */
  private readonly warned = new Set<string>();

  constructor(private readonly options: WhatsAppChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.queue = new KeyedQueue(options.maxPending ?? 10_000, (error, key) =>
      this.logger.error({ conversation: key, error: describe(error) }, 'WhatsApp message processing failed'));
  }

  /** Takes a verified webhook body: queues its messages, records its statuses. Never throws. */
  accept(body: unknown): AcceptResult {
    const parsed = parseWebhook(body);
    for (const problem of parsed.problems) this.logger.warn({ problem }, 'WhatsApp webhook part ignored');
    if (this.queue.pending + parsed.messages.length > (this.options.maxPending ?? 10_000)) return { status: 'busy' };
    const acceptedAt = performance.now();
    for (const message of parsed.messages) {
      this.queue.tryRun(`whatsapp:${message.conversation}`, () => this.process(message, acceptedAt));
    }
    if (parsed.statuses.length > 0) {
      this.recordStatuses(parsed.statuses).catch((error: unknown) => this.logger.error({ error: describe(error) }, 'recording WhatsApp statuses failed'));
    }
    return { status: 'accepted', messages: parsed.messages.length, statuses: parsed.statuses.length };
  }

  /** Handles one message: the flow's turn, then the replies. */
  async process(message: InboundMessage, acceptedAt = performance.now()): Promise<void> {
    const began = performance.now();
    let replies: Reply[];
    let outcome: string;
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
          replies = [{ type: 'text', text: this.texts(result.locale).unsupportedMessage }];
          break;
        case 'turn': {
          const flowId = result.turn.session?.flowId ?? result.binding.flowId;
          const rendered = renderReplies(result.turn.effects ?? [], {
            capabilities: whatsappCapabilities,
            audioUrl: (name) => this.audioUrl(flowId, name),
            texts: (locale) => this.texts(locale),
          });
          for (const dropped of rendered.dropped) this.warnOnce(`${flowId}:${dropped.node}:${dropped.reason}`, { flowId, ...dropped }, 'prompt not sent on WhatsApp');
          replies = rendered.replies;
          break;
        }
      }
    } catch (error) {
      // The engine or a dependency failed: tell the subscriber rather than leave them waiting.
      this.logger.error({ conversation: message.conversation, error: describe(error) }, 'WhatsApp turn failed');
      outcome = 'error';
      replies = [{ type: 'text', text: this.texts(this.options.conversations.localeOf(`whatsapp:${message.conversation}`)).technicalProblem }];
    }
    const turned = performance.now();
    let report: SendReport | undefined;
    if (replies.length > 0) {
      report = await this.options.sender.send({
        phoneNumberId: message.address,
        to: message.from,
        conversationKey: `whatsapp:${message.conversation}`,
        causeId: message.messageId,
        messages: toWhatsAppMessages(replies),
        lastInboundAt: message.sentAt,
      });
    }
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome, timings, ...(report ? { report } : {}) });
  }

  /**
   * Sends outside the subscriber's own turn: an agent's words, or the flow's turn after an
   * agent hands the conversation back. Goes through the subscriber's queue, so it never
   * overtakes a reply still being sent; the 24-hour window applies as for any reply.
   */
  sendOutOfTurn(sessionKey: string, content: { text: string } | { effects: readonly Effect[]; flowId: string }, causeId: string): Promise<SendReport | undefined> {
    const match = /^whatsapp:([^:]+):(\d+)$/.exec(sessionKey);
    if (!match) return Promise.reject(new Error(`not a WhatsApp conversation: ${sessionKey}`));
    const [, phoneNumberId = '', to = ''] = match;
    const send = async (): Promise<SendReport | undefined> => {
      const replies: Reply[] = 'text' in content
        ? [{ type: 'text', text: content.text }]
        : renderReplies([...content.effects], {
            capabilities: whatsappCapabilities,
            audioUrl: (name) => this.audioUrl(content.flowId, name),
            texts: (locale) => this.texts(locale),
          }).replies;
      if (replies.length === 0) return undefined;
      const lastInboundAt = (await this.options.ledger.lastInbound(sessionKey)) ?? new Date(0).toISOString();
      return this.options.sender.send({ phoneNumberId, to, conversationKey: sessionKey, causeId, messages: toWhatsAppMessages(replies), lastInboundAt });
    };
    return new Promise<SendReport | undefined>((resolve, reject) => {
      const queued = this.queue.tryRun(sessionKey, async () => {
        try {
          resolve(await send());
        } catch (error) {
          reject(error);
        }
      });
      if (!queued) reject(new Error('too many WhatsApp messages queued'));
    });
  }

  /**
   * Whether a conversation can be opened (or written to) now: inside WhatsApp's 24-hour window
   * since the subscriber's last message, or with an approved template configured.
   */
  async canReach(sessionKey: string): Promise<boolean> {
    return this.options.sender.canReach(await this.options.ledger.lastInbound(sessionKey));
  }

  /** Waits for queued messages, then lets go of Graph connections (graceful shutdown). */
  async close(): Promise<void> {
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

  private warnOnce(key: string, details: object, message: string): void {
    if (this.warned.has(key) || this.warned.size > 1000) return;
    this.warned.add(key);
    this.logger.warn(details, message);
  }

  private audioUrl(flowId: string, name: string): string | undefined {
    const base = this.options.publicBaseUrl;
    if (!base) return undefined;
    return `${base.replace(/\/+$/, '')}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
