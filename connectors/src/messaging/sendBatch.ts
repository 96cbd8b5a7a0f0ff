import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { MessagingLedger } from './ledger.ts';
import { type InOrderReport, type SendOutcome, sendInOrder } from './sendInOrder.ts';

/** What every chat channel's sender is built with, beside its platform's client. */
export interface ChatSenderOptions {
  ledger: MessagingLedger;
  now?: () => number;
  logger?: ChannelLogger;
  /** How long outbound keys are remembered. */
  retentionHours?: number;
}

/** One turn's (or one agent reply's) messages to one conversation. */
export interface KeyedBatch<M> {
  conversationKey: string;
  /** What caused these messages (the inbound message, an agent's reply): the idempotency keys derive from it. */
  causeId: string;
  messages: M[];
}

/**
 * Sends a batch's messages in order, each under the idempotency key `<cause>:<index>` kept in the
 * ledger (`sendInOrder`: never twice, the rest of the turn stopped after a failed one), with the
 * sender's options, clock and logger. `send` reads the platform's answer; `label` names the channel
 * in logs, `logKey` shows a key there.
 */
export function sendBatch<M, F>(
  sender: ChatSenderOptions & { now: () => number; logger: ChannelLogger },
  batch: KeyedBatch<M>,
  send: (message: M) => Promise<SendOutcome<F>>,
  log: { label: string; logKey?: (key: string) => string },
): Promise<InOrderReport<F>> {
  return sendInOrder({
    ledger: sender.ledger,
    logger: sender.logger,
    now: sender.now,
    retentionHours: sender.retentionHours,
    conversationKey: batch.conversationKey,
    messages: batch.messages.map((message, index) => ({ key: `${batch.causeId}:${index}`, message })),
    send,
    label: log.label,
    ...(log.logKey ? { logKey: log.logKey } : {}),
  });
}
