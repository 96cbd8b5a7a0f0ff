import { type ChatSenderOptions, type KeyedBatch, sendBatch } from '../messaging/sendBatch.ts';
import type { SendOutcome } from '../messaging/sendInOrder.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { TelegramApi, TelegramCallResult } from './TelegramApi.ts';
import type { TelegramOutbound } from './telegramMessages.ts';

export interface TelegramBatch extends KeyedBatch<TelegramOutbound> {
  chatId: string;
}

export interface TelegramSendReport {
  /** `replied`: all sent (or sent before); `failed`: stopped at a message Telegram did not take. */
  outcome: 'replied' | 'failed';
  sent: number;
  /** Sent under the same key earlier: not sent again. */
  alreadySent: number;
  failure?: Exclude<TelegramCallResult, { outcome: 'ok' | 'uncertain' }>;
}

/** A message Telegram did not take (refused, or unavailable after the client's retries): `failure` says which. */
export class TelegramNotTaken extends Error {
  override readonly name = 'TelegramNotTaken';

  constructor(readonly failure: NonNullable<TelegramSendReport['failure']>) {
    super(`Telegram did not take the message: ${failure.description}`);
  }
}

export interface TelegramSenderOptions extends ChatSenderOptions {
  api: TelegramApi;
}

/**
 * Sends a turn's messages to a chat in order, each under an idempotency key `<cause>:<index>`
 * kept in the ledger, as WhatsApp's sender does: a key sent (or maybe sent) is never sent
 * again, so an update processed a second time (a retry, another instance after a crash) does
 * not repeat what already reached the subscriber. A key is recorded `uncertain`, committed, before its
 * request leaves the process; a timeout leaves it so (Telegram has no idempotency key of its
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
    return sendBatch(
      { ...this.options, now: this.now, logger: this.logger },
      batch,
      async (message): Promise<SendOutcome<TelegramSendReport['failure']>> => {
        const result = await this.options.api.call(message.method, { chat_id: batch.chatId, ...message.params });
        switch (result.outcome) {
          case 'ok': {
            const messageId = (result.result as { message_id?: unknown } | undefined)?.message_id;
            return { kind: 'sent', ...(messageId !== undefined ? { platformId: String(messageId) } : {}), attempts: result.attempts };
          }
          case 'uncertain':
            return { kind: 'uncertain', attempts: result.attempts, error: result.description };
          default:
            return { kind: 'failed', attempts: result.attempts, error: result.description, failure: result, log: { outcome: result.outcome } };
        }
      },
      { label: 'Telegram' },
    );
  }
}
