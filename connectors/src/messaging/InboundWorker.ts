import { createHash, randomUUID } from 'node:crypto';
import type { JsonValue } from '@griot/flows';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { InboundLease, InboundRecord, MessagingLedger } from './ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';

/** Thrown by `process` when trying again cannot help (the platform refused the reply): the message is given up on at once. */
export class GiveUp extends Error {
  override readonly name = 'GiveUp';
}

export interface Attempt {
  /** 1 for the first. */
  number: number;
  /** The last one before the message is given up on: say sorry to the subscriber rather than leave them waiting. */
  last: boolean;
  /** Keeps what this attempt got done (the turn's replies), so a later attempt, after a crash too, does not redo it. */
  saveProgress(progress: JsonValue): Promise<void>;
}

export interface InboundWorkerOptions {
  /**
   * The channel whose messages this worker processes (`whatsapp`, `sms`…). The ledger's inbox is
   * shared by every channel: a recovery pass takes only this channel's, never another's.
   */
  channel: string;
  ledger: MessagingLedger;
  /** The channel's per-conversation queue: a subscriber's messages are processed in order. */
  queue: KeyedQueue;
  /** Processes one recorded message (its payload; its `progress` when an earlier attempt saved some). Throws to try again later. */
  process: (record: InboundRecord, attempt: Attempt) => Promise<void>;
  /** How long a message stays with this process without renewal: after a crash, others take it over then. */
  leaseMs: number;
  /** Attempts before a message is given up on (marked failed, logged). */
  maxAttempts: number;
  /** Waits between attempts. */
  backoff: BackoffOptions;
  /** How long a settled id is remembered against re-deliveries. */
  dedupeMs: number;
  /** How often messages nobody holds are looked for (the recovery pass); default min(5 s, lease / 2). */
  sweepMs?: number;
  /** This process, as lease owner; random by default (a restarted process is another owner). */
  owner?: string;
  now?: () => number;
  logger?: ChannelLogger;
  /** Messages a pass takes at most. */
  sweepLimit?: number;
}

/**
 * At-least-once processing of recorded inbound messages. `record` stores messages (leased to
 * this process) before the platform is answered, then queues them per conversation. A message
 * is settled `processed` once handled; a failure is tried again after a backoff while the
 * conversation waits (order is kept), up to `maxAttempts`, then settled `failed` and logged, so
 * one bad message cannot block a conversation forever. Every lease held here is renewed in one
 * write each `leaseMs / 3`; a process that dies stops renewing, and the recovery pass of any
 * process (this one at start-up, every `sweepMs`) takes over what nobody holds, oldest first.
 */
export class InboundWorker {
  readonly owner: string;
  private readonly now: () => number;
  private readonly logger: ChannelLogger;
  /** Messages queued or being processed here: renewed, and never queued twice. */
  private readonly mine = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly sleepers = new Set<() => void>();
  private closing = false;
  private sweeping: Promise<number> | undefined;
  /**
   * When every lease this process holds ends (ms): one time for all of them, moved on by each
   * renewal, never per message. A message taken, or whose progress is saved, keeps the time its
   * conversation's later messages were recorded with; its own, later one would outlive theirs, and
   * after a crash the next process would find a subscriber's second SMS free while their first is
   * still held, and answer it first (« 1 » read as the first words of a new contact).
   */
  private leaseUntil: number;

  constructor(private readonly options: InboundWorkerOptions) {
    this.owner = options.owner ?? randomUUID();
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.leaseUntil = this.now() + options.leaseMs;
  }

  /**
   * How long a settled message's id is remembered against re-deliveries: a message the platform
   * dates earlier than that cannot be told from a replay, and is not taken (`ChatInbox.record`).
   */
  get dedupeMs(): number {
    return this.options.dedupeMs;
  }

  /** Starts renewing leases and the recovery pass (now, then every `sweepMs`). */
  start(): void {
    const every = (ms: number, run: () => Promise<unknown>) => {
      const timer = setInterval(() => void run().catch((error: unknown) => this.logger.error({ error: describe(error) }, 'messaging inbox upkeep failed')), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(50, Math.floor(this.options.leaseMs / 3)), () => this.renew());
    every(this.options.sweepMs ?? Math.min(5_000, Math.max(100, Math.floor(this.options.leaseMs / 2))), () => this.recover());
    void this.recover().catch((error: unknown) => this.logger.error({ error: describe(error) }, 'messaging inbox recovery failed'));
  }

  /**
   * Records messages durably (one write) and queues them; resolves once they are safe, so the
   * platform may be answered. A re-delivered id gets no second record; if it still waits to be
   * processed, it is processed (here or by its holder), never skipped.
   */
  async record(messages: { id: string; channel: string; conversationKey: string; payload: JsonValue }[]): Promise<boolean[]> {
    if (messages.length === 0) return [];
    const receivedAt = this.iso(this.now());
    const fresh = await this.options.ledger.recordInbound(messages.map((m) => ({ ...m, receivedAt, lease: this.lease() })));
    messages.forEach((m) => this.enqueue(m.id, m.conversationKey));
    return fresh;
  }

  /** Queues every unsettled message nobody holds (a crashed process's, or one let go); returns how many. */
  recover(): Promise<number> {
    // One pass at a time: a slow store must not pile passes up.
    this.sweeping ??= (async () => {
      try {
        if (this.closing) return 0;
        const due = await this.options.ledger.dueInbound(this.iso(this.now()), this.options.sweepLimit ?? 500);
        let queued = 0;
        for (const record of due) if (record.channel === this.options.channel && this.enqueue(record.id, record.conversationKey)) queued += 1;
        if (queued > 0) this.logger.info({ messages: queued }, 'messaging inbox: recovering messages nobody is processing');
        return queued;
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  /**
   * Stops the upkeep and lets the queue drain; a message waiting out a backoff is let go at once
   * instead, for the next process.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const wake of [...this.sleepers]) wake();
    await this.sweeping?.catch(() => 0);
    await this.options.queue.idle();
  }

  private enqueue(id: string, conversationKey: string): boolean {
    if (this.mine.has(id) || this.closing) return false;
    this.mine.add(id);
    const queued = this.options.queue.tryRun(conversationKey, () => this.work(id).finally(() => this.mine.delete(id)));
    // Full: it stays recorded; its lease lapses and a later pass queues it.
    if (!queued) this.mine.delete(id);
    return queued;
  }

  private async work(id: string): Promise<void> {
    const { ledger, maxAttempts } = this.options;
    for (;;) {
      const record = await ledger.takeInbound(id, this.lease(), this.iso(this.now()));
      if (!record) return;
      const ref = refOf(id);
      if (record.attempts > maxAttempts) {
        // It stopped the process each time (or its process died each time): never again.
        await this.settle(record, 'failed', `not processed after ${maxAttempts} attempts`);
        return;
      }
      try {
        await this.options.process(record, {
          number: record.attempts,
          last: record.attempts >= maxAttempts,
          saveProgress: async (progress) => {
            if (!(await ledger.holdInbound(id, this.lease(), { progress }))) throw new Error('the message was taken over by another process');
          },
        });
        await this.settle(record, 'processed');
        return;
      } catch (error) {
        if (error instanceof GiveUp || record.attempts >= maxAttempts) {
          await this.settle(record, 'failed', describe(error));
          return;
        }
        const delay = backoffDelay(record.attempts, this.options.backoff);
        this.logger.warn({ ref, channel: record.channel, attempt: record.attempts, retryInMs: delay, error: describe(error) }, 'inbound message not processed: trying again');
        await ledger.holdInbound(id, this.lease(), { error: describe(error) }).catch(() => false);
        // The conversation waits meanwhile: its next messages must not overtake this one.
        if (this.closing || !(await this.sleep(delay))) {
          // Shutting down: let it go at once, for the next process to try.
          await ledger.holdInbound(id, { owner: this.owner, until: this.iso(this.now()) }).catch(() => false);
          return;
        }
      }
    }
  }

  private async settle(record: InboundRecord, state: 'processed' | 'failed', error?: string): Promise<void> {
    const at = this.now();
    await this.options.ledger.settleInbound(record.id, this.owner, {
      state,
      at: this.iso(at),
      expiresAt: this.iso(at + this.options.dedupeMs),
      ...(error !== undefined ? { error } : {}),
    });
    if (state === 'failed') {
      // No content, number or message id in the log (a wamid encodes the number): the ref finds it in the failed list.
      this.logger.error({ ref: refOf(record.id), channel: record.channel, attempts: record.attempts, error }, 'inbound message given up on: listed as failed');
    }
  }

  private async renew(): Promise<void> {
    // Every lease held here moves to one new end, in one write.
    this.leaseUntil = this.now() + this.options.leaseMs;
    if (this.mine.size > 0) await this.options.ledger.renewLeases(this.owner, [...this.mine], this.iso(this.leaseUntil));
  }

  /** Resolves true after `ms`, or false at once when closing. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(!this.closing);
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /**
   * The lease for a message recorded, taken or kept here: the end every lease of this process has
   * (`leaseUntil`), so an older message of a conversation never outlives a newer one's lease. When
   * renewals have not run for a while (not started, the event loop held), a new end for all of
   * them, written for those already held.
   */
  private lease(): InboundLease {
    const now = this.now();
    if (this.leaseUntil - now < this.options.leaseMs / 3) void this.renew().catch((error: unknown) => this.logger.error({ error: describe(error) }, 'messaging inbox upkeep failed'));
    return { owner: this.owner, until: this.iso(this.leaseUntil) };
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}

/** A short, stable reference to a message for logs and operations, that says nothing about who sent it. */
export function refOf(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
