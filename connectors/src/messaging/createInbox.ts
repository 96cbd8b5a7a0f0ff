import type { BackoffOptions } from './backoff.ts';
import { type Attempt, InboundWorker } from './InboundWorker.ts';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { InboundRecord, MessagingLedger } from './ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';

/** How a messaging channel's inbox processes what the platform had its 2xx for (see `InboundWorker`); every field has a default. */
export interface InboxOptions {
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  dedupeHours?: number;
  owner?: string;
}

export interface CreateInboxOptions {
  /** The channel id (`whatsapp`, `sms`…): the shared ledger's inbox is split by it. */
  channel: string;
  ledger: MessagingLedger;
  /** Messages queued at most across every conversation (default 10,000). */
  maxPending?: number;
  /** Told of a message whose processing threw past the inbox (a bug): each channel logs it its own way. */
  onQueueError: (error: unknown, key: string) => void;
  process: (record: InboundRecord, attempt: Attempt) => Promise<void>;
  inbox?: InboxOptions;
  now?: () => number;
  logger: ChannelLogger;
}

/** The defaults every messaging channel shares, so a lease or retry policy changes in one place. */
const defaults = { maxPending: 10_000, leaseMs: 15_000, maxAttempts: 5, backoff: { baseMs: 1_000, maxMs: 30_000, jitter: 0.2 }, dedupeHours: 7 * 24 } as const;

/** A messaging channel's per-conversation queue and the at-least-once inbox worker that feeds it. */
export function createInbox(options: CreateInboxOptions): { queue: KeyedQueue; inbox: InboundWorker } {
  const queue = new KeyedQueue(options.maxPending ?? defaults.maxPending, options.onQueueError);
  const inbox = options.inbox ?? {};
  const worker = new InboundWorker({
    channel: options.channel,
    ledger: options.ledger,
    queue,
    process: options.process,
    leaseMs: inbox.leaseMs ?? defaults.leaseMs,
    maxAttempts: inbox.maxAttempts ?? defaults.maxAttempts,
    backoff: inbox.backoff ?? defaults.backoff,
    dedupeMs: (inbox.dedupeHours ?? defaults.dedupeHours) * 3_600_000,
    ...(inbox.owner ? { owner: inbox.owner } : {}),
    ...(options.now ? { now: options.now } : {}),
    logger: options.logger,
  });
  return { queue, inbox: worker };
}
