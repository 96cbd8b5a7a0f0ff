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
  /** How often the store is read for other instances' events (default 250 ms: delivered within about a quarter second). */
  pollMs?: number;
  now?: () => number;
}

/** Ids remembered against a second delivery (MongoDB's overlap window, a change stream falling back to polling). */
const REMEMBERED_IDS = 4096;
const PAGE = 500;

/**
 * Events between instances sharing one store (agent inbox changes, binding changes…): each is
 * delivered to this instance's listeners at once and written to the store's outbox, which every
 * other instance reads every `pollMs` (or, on a MongoDB replica set, follows with a change
 * stream) and delivers to its own listeners. What an event says is also in the store: a listener
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
  }

  /** Tells every instance (this one at once); resolves once written to the store (callers need not wait). */
  publish(topic: string, data: JsonValue): Promise<void> {
    const at = this.now();
    // Sortable within this instance: events of one millisecond are read in the order published.
    this.sequence += 1;
    const id = `${at.toString(36).padStart(9, '0')}${this.sequence.toString(36).padStart(7, '0')}-${this.instance}`;
    const event: ClusterEvent = { id, topic, origin: this.instance, at: new Date(at).toISOString(), data };
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
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule(this.pollMs)), delay);
    this.timer.unref();
  }

  private receive(event: ClusterEvent): void {
    if (event.origin === this.instance) return;
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
