import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { logDigest } from '../channel/logDigest.ts';

/** Which of a delivery's messages may be recorded now. */
export interface Admission<T> {
  /** Messages whose sender has room (every one, unless some sender is over its share). */
  admitted: T[];
  /** Messages refused because their sender is over its share: the platform must deliver them again (not 2xx). */
  refused: number;
  /** The whole queue is full: nothing admitted. */
  full: boolean;
  /**
   * Gives back the places held for the admitted messages: call it once they are recorded and
   * queued (they count in the queue then), or failed to be. Until then they count as queued, so
   * deliveries arriving meanwhile (several in one tick, a slow store) cannot all get in.
   */
  release(): void;
}

/** A sender over its share is logged at most this often (a looping bot would write a line per message). */
const LOG_EVERY_MS = 60_000;
/** Senders remembered for that: past it, the oldest is forgotten. */
const REMEMBERED = 1_000;

/**
 * Each sender's fair share of a messaging channel's queue. A delivery's messages are counted per
 * conversation (the sender: one subscriber, one chat) against the queue's per-sender bound and its
 * overall bound: a sender past its share has its messages refused (the channel answers "busy", and
 * the platform delivers them again later) while everyone else's still get in, so one sender
 * flooding (a looping bot) cannot fill the queue and have every other subscriber refused.
 */
export class SenderShares {
  private readonly logged = new Map<string, number>();
  /** Places held for messages admitted but not queued yet (being recorded), per sender and in all. */
  private readonly held = new Map<string, number>();
  private heldTotal = 0;

  constructor(
    private readonly queue: KeyedQueue,
    private readonly logger: ChannelLogger,
    private readonly channel: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sorts a delivery's messages (one webhook may carry several senders'). A sender's messages in it
   * are admitted together or refused together, so its later ones never go in ahead of earlier ones.
   */
  admit<T extends { conversationKey: string }>(messages: readonly T[]): Admission<T> {
    const counts = new Map<string, number>();
    for (const m of messages) counts.set(m.conversationKey, (counts.get(m.conversationKey) ?? 0) + 1);
    const over = new Set([...counts].filter(([key, count]) => this.waiting(key) + count > this.queue.maxPendingPerShare).map(([key]) => key));
    const admitted = over.size === 0 ? [...messages] : messages.filter((m) => !over.has(m.conversationKey));
    if (this.queue.pending + this.heldTotal + admitted.length > this.queue.maxPending) return { admitted: [], refused: messages.length, full: true, release: () => {} };
    for (const key of over) this.logOver(key);
    const holding = [...counts].filter(([key]) => !over.has(key));
    for (const [key, count] of holding) this.held.set(key, (this.held.get(key) ?? 0) + count);
    this.heldTotal += admitted.length;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.heldTotal -= admitted.length;
      for (const [key, count] of holding) {
        const left = (this.held.get(key) ?? 0) - count;
        if (left > 0) this.held.set(key, left);
        else this.held.delete(key);
      }
    };
    return { admitted, refused: messages.length - admitted.length, full: false, release };
  }

  /** A sender's messages queued, running, or being recorded. */
  private waiting(key: string): number {
    return this.queue.pendingFor(key) + (this.held.get(key) ?? 0);
  }

  private logOver(key: string): void {
    const at = this.now();
    const last = this.logged.get(key);
    if (last !== undefined && at - last < LOG_EVERY_MS) return;
    this.logged.delete(key);
    this.logged.set(key, at);
    if (this.logged.size > REMEMBERED) this.logged.delete(this.logged.keys().next().value!);
    // A keyed digest, not the sender (whose key holds their number): it finds the same sender again in later lines, and says nothing about who it is.
    this.logger.warn(
      { channel: this.channel, sender: logDigest(key, 12), pending: this.waiting(key), maxPerSender: this.queue.maxPendingPerShare },
      'messages refused: one sender has its whole share of the queue waiting (the platform delivers them again later)',
    );
  }
}
