import type { MessagingLedger, OutboundRecord } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { TelegramApi, TelegramCallResult } from './TelegramApi.ts';
import type { TelegramOutbound } from './telegramMessages.ts';

export interface TelegramBatch {
  chatId: string;
  conversationKey: string;
  /** What caused these messages (the update, an agent's reply): the idempotency keys derive from it. */
  causeId: string;
  messages: TelegramOutbound[];
}

export interface TelegramSendReport {
  /** `replied`: all sent (or sent before); `failed`: stopped at a message Telegram did not take. */
  outcome: 'replied' | 'failed';
  sent: number;
  /** Sent under the same key earlier: not sent again. */
  alreadySent: number;
  failure?: Exclude<TelegramCallResult, { outcome: 'ok' | 'uncertain' }>;
}

export interface TelegramSenderOptions {
  api: TelegramApi;
  ledger: MessagingLedger;
  now?: () => number;
  logger?: ChannelLogger;
  /** How long outbound keys are remembered. */
  retentionHours?: number;
}

/**
 * Sends a turn's messages to a chat in order, each under an idempotency key `<cause>:<index>`
 * kept in the ledger, as WhatsApp's sender does: a key sent (or maybe sent) is never sent
 * again, so an update processed a second time (a retry, another instance after a crash) does
 * not repeat what already reached the subscriber. A key is recorded `uncertain` as soon as its
 * request has left the process; a timeout leaves it so (Telegram has no idempotency key of its
 * own: a second send would be a second message). The rest of the turn still goes after an
 * uncertain message, but stops after a refused or undeliverable one, so nothing arrives out of
 * context.
 */
export class TelegramSender {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;

  constructor(private readonly options: TelegramSenderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  close(): void {
    this.options.api.close();
  }

  async send(batch: TelegramBatch): Promise<TelegramSendReport> {
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
      // Recorded `uncertain` before the request leaves: a process that dies while Telegram may hold the
      // message never sends it again when the message is processed anew (a crash in the instant
      // between this commit and the request loses this one reply rather than doubling it).
      await this.options.ledger.putOutbound({ ...record, state: 'uncertain', attempts: 0, error: 'sending: no answer recorded yet' });
      const result = await this.options.api.call(message.method, { chat_id: batch.chatId, ...message.params });
      switch (result.outcome) {
        case 'ok': {
          const messageId = (result.result as { message_id?: unknown } | undefined)?.message_id;
          await this.options.ledger.putOutbound({ ...record, state: 'sent', ...(messageId !== undefined ? { platformId: String(messageId) } : {}), attempts: result.attempts, updatedAt: this.iso() });
          sent += 1;
          break;
        }
        case 'uncertain':
          await this.options.ledger.putOutbound({ ...record, state: 'uncertain', attempts: result.attempts, error: result.description, updatedAt: this.iso() });
          this.logger.warn({ key, error: result.description }, 'Telegram send timed out: not re-sent');
          break;
        default:
          await this.options.ledger.putOutbound({ ...record, state: 'failed', attempts: result.attempts, error: result.description, updatedAt: this.iso() });
          this.logger.error({ key, outcome: result.outcome, error: result.description }, 'Telegram send failed: the rest of the turn is not sent');
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
