import type { MessagingLedger, OutboundRecord } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { refOf } from '../messaging/InboundWorker.ts';
import type { SendApiClient, SendResult } from './SendApiClient.ts';
import type { MessagingType, MessengerMessage } from './sendApi.ts';

/** Messenger's standard messaging window: any message within 24 hours of the subscriber's last one. */
export const STANDARD_WINDOW_MS = 24 * 3_600_000;
/** After it, a human agent's reply may still go, tagged `HUMAN_AGENT`, within 7 days. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3_600_000;

/** Who writes: the flow (only within the standard window) or a human agent (tagged after it, within 7 days). */
export type Author = 'bot' | 'agent';

export interface OutboundBatch {
  /** The subscriber's page-scoped id. */
  psid: string;
  conversationKey: string;
  /** What caused these messages (the inbound mid, an agent's reply id): the idempotency keys derive from it. */
  causeId: string;
  messages: MessengerMessage[];
  /** When the subscriber last wrote (ISO); null when never. */
  lastInboundAt: string | null;
  author: Author;
}

export interface SendReport {
  /** `replied`: all sent (or already sent); `outsideWindow`: nothing may go now, nothing sent; `failed`: stopped at a message Meta did not take. */
  outcome: 'replied' | 'outsideWindow' | 'failed';
  sent: number;
  alreadySent: number;
  failure?: SendResult;
}

export interface MessengerSenderOptions {
  client: SendApiClient;
  ledger: MessagingLedger;
  now?: () => number;
  logger?: ChannelLogger;
  /** How long outbound keys are remembered. */
  retentionHours?: number;
}

/**
 * Sends a turn's messages in order under the messaging type Messenger allows at that moment,
 * each under an idempotency key `<cause>:<index>` kept in the ledger: a key already sent (or
 * that may have been: recorded `uncertain` as soon as the request left the process) is not
 * sent again when a message is processed anew after a crash. Retries happen only where Meta
 * certainly did not take the message (see `SendApiClient`); the rest of a turn stops after a
 * failed message, so nothing arrives out of context.
 */
export class MessengerSender {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;

  constructor(private readonly options: MessengerSenderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  close(): void {
    this.options.client.close();
  }

  /**
   * How a message from `author` may go now, given when the subscriber last wrote: a response
   * within 24 hours; after that, an agent's reply tagged `HUMAN_AGENT` within 7 days; else none.
   */
  messagingType(author: Author, lastInboundAt: string | null): MessagingType | null {
    if (lastInboundAt === null) return null;
    const since = this.now() - Date.parse(lastInboundAt);
    if (since <= STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
    if (author === 'agent' && since <= HUMAN_AGENT_WINDOW_MS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    return null;
  }

  async send(batch: OutboundBatch): Promise<SendReport> {
    if (batch.messages.length === 0) return { outcome: 'replied', sent: 0, alreadySent: 0 };
    const type = this.messagingType(batch.author, batch.lastInboundAt);
    if (!type) {
      // Refs, not ids: a conversation key holds the subscriber's PSID.
      this.logger.warn({ conversation: refOf(batch.conversationKey), cause: refOf(batch.causeId), author: batch.author }, 'outside the window Messenger allows: nothing sent');
      return { outcome: 'outsideWindow', sent: 0, alreadySent: 0 };
    }
    let sent = 0;
    let alreadySent = 0;
    for (const [index, message] of batch.messages.entries()) {
      const key = `${batch.causeId}:${index}`;
      const existing = await this.options.ledger.getOutbound(key);
      if (existing && existing.state !== 'failed') {
        alreadySent += 1;
        continue;
      }
      const record = this.record(key, batch.conversationKey);
      // Recorded `uncertain` before the request leaves: a process that dies while Meta may hold the
      // message never sends it again when the message is processed anew (a crash in the instant
      // between this commit and the request loses this one reply rather than doubling it).
      await this.options.ledger.putOutbound({ ...record, state: 'uncertain', attempts: 0, error: 'sending: no answer recorded yet' });
      const result = await this.options.client.send({ ...type, recipient: { id: batch.psid }, message });
      switch (result.outcome) {
        case 'sent':
          await this.options.ledger.putOutbound({ ...record, state: 'sent', platformId: result.messageId, attempts: result.attempts, updatedAt: this.iso() });
          sent += 1;
          break;
        case 'uncertain':
          await this.options.ledger.putOutbound({ ...record, state: 'uncertain', attempts: result.attempts, error: result.message, updatedAt: this.iso() });
          this.logger.warn({ key: refOf(key), error: result.message }, 'Messenger send timed out: not re-sent');
          break;
        default:
          await this.options.ledger.putOutbound({ ...record, state: 'failed', attempts: result.attempts, error: result.message, updatedAt: this.iso() });
          this.logger.error(
            { key: refOf(key), outcome: result.outcome, ...(result.outcome === 'rejected' ? { reason: result.reason } : {}), error: result.message },
            'Messenger send failed: the rest of the turn is not sent',
          );
          return { outcome: 'failed', sent, alreadySent, failure: result };
      }
    }
    return { outcome: 'replied', sent, alreadySent };
  }

  private record(key: string, conversationKey: string): Omit<OutboundRecord, 'state' | 'attempts'> {
    const retention = (this.options.retentionHours ?? 7 * 24) * 3_600_000;
    return { key, conversationKey, updatedAt: this.iso(), expiresAt: new Date(this.now() + retention).toISOString() };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
