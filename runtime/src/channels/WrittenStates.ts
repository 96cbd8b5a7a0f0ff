/** States kept; past it the oldest goes (read from the store again). About 1 kB each. */
const KEPT = 4096;

/** A channel state as this instance wrote it: where the write left it in the store, and its value as JSON. */
export interface WrittenState {
  revision: number;
  expiresAt: string;
  text: string;
}

/**
 * The channel states this instance wrote last, each until it is read back or pushed out by
 * newer ones. The value is kept as its JSON text: one flat string per conversation for the
 * garbage collector to copy while the subscriber reads the screen, not an object graph.
 *
 * A kept state stands for the stored one only while the store holds it at the same revision and
 * expiry: a write by anyone else raises the revision (writes are conditional on it); a state
 * written again from scratch over an expired one starts at revision 1 again, but with an expiry
 * later than the old one's, which had passed; after a delete, it would take another write of
 * the same revision with the same expiry to the millisecond.
 */
export class WrittenStates {
  private readonly entries = new Map<string, WrittenState>();

  /** The state kept for `key`, taken out (put it back with `keep` once it is confirmed). */
  take(key: string): WrittenState | undefined {
    const entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    return entry;
  }

  keep(key: string, state: WrittenState): void {
    this.entries.delete(key);
    if (this.entries.size >= KEPT) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, state);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
