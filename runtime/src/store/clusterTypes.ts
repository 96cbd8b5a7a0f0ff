import type { JsonValue } from '@griot/flows';

/**
 * What instances sharing one store tell each other (runtime/src/cluster): an outbox of events
 * every instance reads (agent inbox changes, binding changes), and leases that let one instance
 * at a time run a timed job. Both are transient: never in backups.
 */
export interface ClusterEvent {
  /** Unique; a reader that sees an event twice (MongoDB's overlap window) delivers it once. */
  id: string;
  /** What it is about (`handoff`, `bindings`…): each listener takes its own. */
  topic: string;
  /** The instance that published it: it has delivered it to its own listeners already. */
  origin: string;
  at: string;
  data: JsonValue;
}

/**
 * Where to read on from, as the store gave it (opaque: SQLite's is the last sequence number read,
 * MongoDB's a time with the events seen at its edge).
 */
export type EventCursor = string;

/** The Store's part for events (SQLite table `cluster_events`, MongoDB collection `clusterEvents`). */
export interface ClusterEventStore {
  publishEvent(event: ClusterEvent): Promise<void>;
  /**
   * Events published after `cursor`, oldest first, at most `limit`, with the cursor to read on
   * from. A null cursor means "from now on": no events, the cursor of the present.
   */
  readEvents(cursor: EventCursor | null, limit: number): Promise<{ events: ClusterEvent[]; cursor: EventCursor }>;
  /** Removes events published before `before` (every instance has read them long since); returns how many. */
  purgeEvents(before: string): Promise<number>;
  /**
   * Pushes each event as it is published (MongoDB change streams, on a replica set only); absent
   * where the store cannot, and then instances poll `readEvents`. Returns the stop function;
   * `onError` hears a broken stream (the reader then polls again from where it was).
   */
  watchEvents?(onEvent: (event: ClusterEvent) => void, onError: (error: unknown) => void): () => Promise<void>;
}

/** A timed job's lease: one instance (`holder`) runs it while `until` has not passed. */
export interface Lease {
  name: string;
  holder: string;
  until: string;
  /** When a holder last ran the job: a new holder goes on from there rather than run it again at once. */
  lastRunAt?: string;
}

/** The Store's part for leases (SQLite table `leases`, MongoDB collection `leases`). */
export interface LeaseStore {
  /**
   * Takes the lease for `holder` until `until` when it is free at `now` (never held, released, or
   * its holder's time passed), or renews it when `holder` has it; atomically: of two instances
   * asking at once, one gets it. The lease when held, else null.
   */
  acquireLease(name: string, holder: string, until: string, now: string): Promise<Lease | null>;
  /** Writes down that the holder ran the job at `at`; false when it no longer holds the lease. */
  markLeaseRun(name: string, holder: string, at: string): Promise<boolean>;
  /** Lets the lease go at once (a graceful stop), keeping when the job last ran; false when not held by `holder`. */
  releaseLease(name: string, holder: string): Promise<boolean>;
  getLease(name: string): Promise<Lease | null>;
  /**
   * Deletes the leases named `prefix…` that lapsed by `now` (or were released): leases named after
   * something that comes and goes (an instance's sign of life `instance:<id>`, a re-answered turn
   * `answered:<key>:<turn>`), one row each otherwise kept for ever. A job's lease is never named
   * so (it keeps when the job last ran). How many went.
   */
  purgeLeases(prefix: string, now: string): Promise<number>;
}
