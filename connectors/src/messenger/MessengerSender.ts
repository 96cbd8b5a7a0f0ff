import { type ChatSenderOptions, type KeyedBatch, sendBatch } from '../messaging/sendBatch.ts';
import type { SendOutcome } from '../messaging/sendInOrder.ts';
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

export interface OutboundBatch extends KeyedBatch<MessengerMessage> {
  /** The subscriber's page-scoped id. */
  psid: string;
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

export interface MessengerSenderOptions extends ChatSenderOptions {
  client: SendApiClient;
}

/**
 * Sends a turn's messages in order under the messaging type Messenger allows at that moment,
 * each under an idempotency key `<cause>:<index>` kept in the ledger: a key already sent (or
 * that may have been: recorded `uncertain`, committed, before the request leaves) is not
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
    return sendBatch(
      { ...this.options, now: this.now, logger: this.logger },
      batch,
      async (message): Promise<SendOutcome<SendResult>> => {
        const result = await this.options.client.send({ ...type, recipient: { id: batch.psid }, message });
        switch (result.outcome) {
          case 'sent':
            return { kind: 'sent', platformId: result.messageId, attempts: result.attempts };
          case 'uncertain':
            return { kind: 'uncertain', attempts: result.attempts, error: result.message };
          default:
            return {
              kind: 'failed',
              attempts: result.attempts,
              error: result.message,
              failure: result,
              log: { outcome: result.outcome, ...(result.outcome === 'rejected' ? { reason: result.reason } : {}) },
            };
        }
      },
      // Refs, not keys: a key holds the subscriber's PSID.
      { label: 'Messenger', logKey: refOf },
    );
  }
}
