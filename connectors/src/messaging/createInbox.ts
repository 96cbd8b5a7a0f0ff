import type { BackoffOptions } from './backoff.ts';
import { type Attempt, InboundWorker } from './InboundWorker.ts';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { InboundRecord, MessagingLedger } from './ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { SenderShares } from './SenderShares.ts';

/** How a messaging channel's inbox processes what the platform had its 2xx for (see `InboundWorker`); every field has a default. */
export interface InboxOptions {
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  dedupeHours?: number;
  owner?: string;
}

/** What a messaging channel's own options say about its inbox. */
export interface ChannelInboxOptions {
  ledger: MessagingLedger;
  /** Messages queued at most across every conversation (default 10,000). */
  maxPending?: number;
  /** Messages queued at most for one conversation (one sender), so one cannot fill the queue for all (default 100). */
  maxPendingPerSender?: number;
  inbox?: InboxOptions;
  now?: () => number;
}

/** What the channel does with what its inbox hands it. */
export interface InboxWiring {
  process: (record: InboundRecord, attempt: Attempt) => Promise<void>;
  /** Told of a message whose processing threw past the inbox (a bug): each channel logs it its own way. */
  onQueueError: (error: unknown, key: string) => void;
  logger: ChannelLogger;
}

/** The defaults every messaging channel shares, so a lease or retry policy changes in one place. */
const defaults = { maxPending: 10_000, maxPendingPerSender: 100, leaseMs: 15_000, maxAttempts: 5, backoff: { baseMs: 1_000, maxMs: 30_000, jitter: 0.2 }, dedupeHours: 7 * 24 } as const;

/**
 * A messaging channel's per-conversation queue (each sender with its fair share of it: see
 * `SenderShares`) and the at-least-once inbox worker that feeds it,
 * from the channel id (`whatsapp`, `sms`…: the shared ledger's inbox is split by it) and the
 * channel's own options.
 */
export function createInbox(channel: string, options: ChannelInboxOptions, wiring: InboxWiring): { queue: KeyedQueue; inbox: InboundWorker; shares: SenderShares } {
  const queue = new KeyedQueue(options.maxPending ?? defaults.maxPending, wiring.onQueueError, options.maxPendingPerSender ?? defaults.maxPendingPerSender);
  const inbox = options.inbox ?? {};
  const worker = new InboundWorker({
    channel,
    ledger: options.ledger,
    queue,
    process: wiring.process,
    leaseMs: inbox.leaseMs ?? defaults.leaseMs,
    maxAttempts: inbox.maxAttempts ?? defaults.maxAttempts,
    backoff: inbox.backoff ?? defaults.backoff,
    dedupeMs: (inbox.dedupeHours ?? defaults.dedupeHours) * 3_600_000,
    ...(inbox.owner ? { owner: inbox.owner } : {}),
    ...(options.now ? { now: options.now } : {}),
    logger: wiring.logger,
  });
  return { queue, inbox: worker, shares: new SenderShares(queue, wiring.logger, channel, options.now) };
}

/** A session key in a log line without its subscriber (`whatsapp:<phone number id>:…`). */
export function sessionRef(key: string): string {
  return key.replace(/:[^:]*$/, ':…');
}
