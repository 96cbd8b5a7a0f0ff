import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { ClusterEvent, ClusterEventStore, EventCursor } from '../store/types.ts';

type Listener = (data: JsonValue, event: ClusterEvent) => void;

export interface ClusterEventsOptions {
  events: ClusterEventStore;
  logger: Logger;
  /** This instance's id (events it published are delivered here at once, not read back). */
  instance?: string;
  /** How often the store is read for other instances' events while in use (default 250 ms: delivered within about a quarter second). */
  pollMs?: number;
  /**
   * How often it is read once unused for `ACTIVE_MS` (default 2 s, never faster than `pollMs`): no
   * event from another instance, none published here, and no one holding it fast (an open inbox).
   */
  idlePollMs?: number;
  now?: () => number;
}

/** Ids remembered against a second delivery (MongoDB's overlap window, a change stream falling back to polling). */
const REMEMBERED_IDS = 4096;
const PAGE = 500;
/** How long after the last event (published here or read from another instance) the store is still read every `pollMs`. */
export const ACTIVE_MS = 30_000;
/** The default `idlePollMs`: an idle instance wakes twice a second less often than eight times (bench/voice/idleWakeups.mjs). */
const IDLE_POLL_MS = 2_000;

/**
 * Events between instances sharing one store (agent inbox changes, binding changes…): each is
 * delivered to this instance's listeners at once and written to the store's outbox, which every
 * other instance reads (or, on a MongoDB replica set, follows with a change stream) and delivers
 * to its own listeners. Read every `pollMs` while in use: an event came from another instance or
 * was published here in the last `ACTIVE_MS` (a conversation moving between instances, an agent
 * answering), or someone holds it fast (`holdFast`: an agent's or supervisor's inbox open here,
 * which must hear a caller queued on another instance within `pollMs`); every `idlePollMs`
 * otherwise, as Solid Cable or a mail client's idle backoff do, so that an instance nobody uses is
 * not woken four times a second for an empty read. The first event after a quiet spell reaches an
 * instance with no inbox open within `idlePollMs`; the ones after it within `pollMs`. What an event says is also in the store: a listener
 * that misses one (an instance that started after it) re-reads the state, as an inbox that
 * reconnects does. Published events are never lost for the instance itself; for the others,
 * they travel as long as the store takes writes (a failed write is logged).
 */
export class ClusterEvents {
  readonly instance: string;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly delivered = new Set<string>();
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly idlePollMs: number;
  private activeUntil = Number.NEGATIVE_INFINITY;
  private holds = 0;
  /** When the pending timer fires (to bring a slow one forward when activity starts). */
  private dueAt = 0;
  private cursor: EventCursor | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopWatching: (() => Promise<void>) | undefined;
  private running = false;
  private sequence = 0;
  private lastFailure = 0;

  constructor(private readonly options: ClusterEventsOptions) {
    this.instance = options.instance ?? randomUUID();
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 250;
    this.idlePollMs = Math.max(this.pollMs, options.idlePollMs ?? IDLE_POLL_MS);
  }

  /** Tells every instance (this one at once); resolves once written to the store (callers need not wait). */
  publish(topic: string, data: JsonValue): Promise<void> {
    const at = this.now();
    // Sortable within this instance: events of one millisecond are read in the order published.
    this.sequence += 1;
    const id = `${at.toString(36).padStart(9, '0')}${this.sequence.toString(36).padStart(7, '0')}-${this.instance}`;
    const event: ClusterEvent = { id, topic, origin: this.instance, at: new Date(at).toISOString(), data };
    // Activity here: the other instances' answers (an agent taking the contact) are read every pollMs.
    this.active();
    this.deliver(event);
    return this.options.events.publishEvent(event).catch((error: unknown) => this.failed('publish', error));
  }

  /** Listens to a topic, from whichever instance; returns the unsubscribe function. */
  subscribe(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Reads every `pollMs` until the returned function is called (each holder once), whatever the
   * activity: a listener whose user waits for other instances' events (an inbox open).
   */
  holdFast(): () => void {
    this.holds += 1;
    this.hurry();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
    };
  }

  /** The delay to the next read: `pollMs` while in use, `idlePollMs` otherwise. */
  get nextPollMs(): number {
    return this.holds > 0 || this.now() < this.activeUntil ? this.pollMs : this.idlePollMs;
  }

  /** Starts reading other instances' events, from now on. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cursor = (await this.options.events.readEvents(null, 1)).cursor;
    const watch = this.options.events.watchEvents;
    if (watch) {
      this.stopWatching = watch.call(
        this.options.events,
        (event) => this.receive(event),
        (error) => {
          this.failed('watch', error);
          // The stream broke: poll from where the last poll cursor was (delivered ids are remembered).
          this.stopWatching = undefined;
          this.schedule(0);
        },
      );
    } else {
      this.schedule(0);
    }
  }

  /** Stops reading; events published from here on still reach this instance's listeners. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.stopWatching?.();
    await this.polling;
  }

  /** Reads what other instances published since the last read (also what the timer does). */
  poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        for (;;) {
          const page = await this.options.events.readEvents(this.cursor, PAGE);
          this.cursor = page.cursor;
          for (const event of page.events) this.receive(event);
          if (page.events.length < PAGE) break;
        }
      } catch (error) {
        this.failed('read', error);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  private schedule(delay: number): void {
    if (!this.running || this.stopWatching) return;
    clearTimeout(this.timer);
    this.dueAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule(this.nextPollMs));
    }, delay);
    this.timer.unref();
  }

  private active(): void {
    this.activeUntil = this.now() + ACTIVE_MS;
    this.hurry();
  }

  /** A slow read pending while activity starts: brought forward to pollMs from now (a read under way reschedules itself). */
  private hurry(): void {
    if (this.timer !== undefined && this.dueAt > this.now() + this.pollMs) this.schedule(this.pollMs);
  }

  private receive(event: ClusterEvent): void {
    if (event.origin === this.instance) return;
    this.active();
    this.deliver(event);
  }

  private deliver(event: ClusterEvent): void {
    if (this.delivered.has(event.id)) return;
    this.delivered.add(event.id);
    if (this.delivered.size > REMEMBERED_IDS) this.delivered.delete(this.delivered.values().next().value!);
    for (const listener of this.listeners.get(event.topic) ?? []) {
      try {
        listener(event.data, event);
      } catch (error) {
        // One broken listener (a closed connection) must not stop the others.
        this.options.logger.warn({ event: 'cluster.listenerFailed', topic: event.topic, err: { message: (error as Error).message } }, 'an event listener failed');
      }
    }
  }

  /** Logged at most every 10 s: a store that is down must not flood the log four times a second. */
  private failed(what: string, error: unknown): void {
    const now = this.now();
    if (now - this.lastFailure < 10_000) return;
    this.lastFailure = now;
    this.options.logger.error({ event: 'cluster.eventsFailed', during: what, err: { message: (error as Error)?.message ?? String(error) } }, 'events between instances failed');
  }
}
