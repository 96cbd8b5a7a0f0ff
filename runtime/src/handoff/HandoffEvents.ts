/** What changed, for the agent inbox (sent as Server-Sent Events). */
export interface HandoffChange {
  type: 'contact' | 'message' | 'callback' | 'settings';
  /** The contact, callback request or queue concerned. */
  id: string;
  queue?: string;
  status?: string;
  at: string;
}

type Listener = (change: HandoffChange) => void;

/**
 * Changes to queues, contacts and callbacks, fanned out to the open inbox connections of this
 * process. The state itself is in the store; a client that reconnects re-reads it.
 */
export class HandoffEvents {
  private readonly listeners = new Set<Listener>();

  publish(change: HandoffChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // One broken connection must not stop the others.
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
