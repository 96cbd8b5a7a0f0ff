import type { HandoffChange, JsonValue } from '@griot/flows';
import type { ClusterEvents } from '../cluster/ClusterEvents.ts';

type Listener = (change: HandoffChange) => void;
interface Subscriber {
  listener: Listener;
  onEnd?: () => void;
}

/** The topic of handoff changes among the events instances tell each other. */
export const HANDOFF_TOPIC = 'handoff';

/**
 * Changes to queues, contacts and callbacks, fanned out to the open inbox connections. With the
 * events between instances (`ClusterEvents`), a change made on any instance sharing the store
 * reaches the inboxes open on every one (a caller queued through one, an agent on another);
 * alone, those of this process. The state itself is in the store; a client that reconnects re-reads it.
 */
export class HandoffEvents {
  private readonly subscribers = new Set<Subscriber>();
  /** Held while an inbox is open here: a change made on another instance reaches it within pollMs, not the idle delay. */
  private releaseFast: (() => void) | undefined;

  constructor(private readonly cluster?: ClusterEvents) {
    cluster?.subscribe(HANDOFF_TOPIC, (data) => this.fanOut(data as unknown as HandoffChange));
  }

  publish(change: HandoffChange): void {
    // Through the cluster, which delivers it here at once (and to the others through the store).
    if (this.cluster) void this.cluster.publish(HANDOFF_TOPIC, change as unknown as JsonValue);
    else this.fanOut(change);
  }

  /** Returns the unsubscribe function; `onEnd` is called when this instance stops (`end`). */
  subscribe(listener: Listener, onEnd?: () => void): () => void {
    const subscriber: Subscriber = { listener, ...(onEnd ? { onEnd } : {}) };
    this.subscribers.add(subscriber);
    this.releaseFast ??= this.cluster?.holdFast();
    return () => {
      const removed = this.subscribers.delete(subscriber);
      this.releaseIfNobody();
      return removed;
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** This instance stops: every subscriber is told (an inbox's stream ends, and its browser reconnects elsewhere). */
  end(): void {
    for (const subscriber of [...this.subscribers]) {
      this.subscribers.delete(subscriber);
      this.releaseIfNobody();
      try {
        subscriber.onEnd?.();
      } catch {
        // Already closed.
      }
    }
  }

  private releaseIfNobody(): void {
    if (this.subscribers.size > 0) return;
    this.releaseFast?.();
    this.releaseFast = undefined;
  }

  private fanOut(change: HandoffChange): void {
    for (const { listener } of this.subscribers) {
      try {
        listener(change);
      } catch {
        // One broken connection must not stop the others.
      }
    }
  }
}
