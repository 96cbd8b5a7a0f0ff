import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DependencyError } from '../errors.ts';
import type { LeaseStore } from '../store/clusterTypes.ts';

/**
 * How long the lease lasts without being renewed: its holder renews it while the work runs, so
 * this is what a holder that dies (a crash, a kill, a restart) blocks the others for at most.
 */
const HOLD_MS = 10_000;
/** How long a writer waits for another instance's check and write before answering 503. */
const WAIT_MS = 15_000;
/** The first wait between two tries, doubled up to the last: each try on SQLite is a write. */
const RETRY_FIRST_MS = 20;
const RETRY_MAX_MS = 200;

export interface QuotaLockOptions {
  /** The lease's length, renewed every third of it while the work runs (tests: a short one). */
  holdMs?: number;
  /** How long to wait for another holder before `quota_busy`. */
  waitMs?: number;
}

/** The writers of this process waiting on each quota, per store: one at a time, in arrival order. */
const queues = new WeakMap<LeaseStore, Map<string, Promise<void>>>();

/**
 * Runs a quota's check and its write as one unit (`quota:<name>`: `versions:<flow id>` for a
 * flow's versions, `audio` for recorded prompts): of the writers of this process, one at a time in
 * arrival order; across instances on one store (SQLite file or MongoDB), through a lease in the
 * store, taken before the check, renewed while the work runs, and let go after the write. So N
 * uploads or publishes at once are counted one after the other, and those past the quota get its
 * 409. A holder that dies keeps the lease HOLD_MS at most (it is no longer renewed); a writer that
 * waits longer than WAIT_MS gets 503 `quota_busy`.
 */
export async function withQuotaLock<T>(leases: LeaseStore, name: string, work: () => Promise<T>, options: QuotaLockOptions = {}): Promise<T> {
  const holdMs = options.holdMs ?? HOLD_MS;
  const waitMs = options.waitMs ?? WAIT_MS;
  let waiting = queues.get(leases);
  if (!waiting) {
    waiting = new Map();
    queues.set(leases, waiting);
  }
  const before = waiting.get(name) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  const last = before.then(() => mine);
  waiting.set(name, last);
  await before;
  const lease = `quota:${name}`;
  // As the cluster's other leases name their holders: which instance holds it, for an operator reading the store.
  const holder = `${hostname()}:${process.pid}#${randomUUID()}`;
  const take = () => {
    const now = Date.now();
    return leases.acquireLease(lease, holder, new Date(now + holdMs).toISOString(), new Date(now).toISOString());
  };
  try {
    const deadline = Date.now() + waitMs;
    for (let pause = RETRY_FIRST_MS; ; pause = Math.min(pause * 2, RETRY_MAX_MS)) {
      if (await take()) break;
      if (Date.now() > deadline) {
        throw new DependencyError('unavailable', 'quota_busy', `another instance has been checking the ${name} quota for ${waitMs / 1000} s: try again`, { retryAfterSeconds: 5 });
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    // Renewed while the work runs (an import of thousands of versions on a remote MongoDB may take minutes).
    let renewing: Promise<unknown> = Promise.resolve();
    let finished = false;
    const renew = setInterval(
      () => {
        if (!finished) renewing = take().catch(() => null);
      },
      Math.max(1, Math.floor(holdMs / 3)),
    );
    renew.unref();
    try {
      return await work();
    } finally {
      finished = true;
      clearInterval(renew);
      // A renewal still on its way (MongoDB) would take the lease back after its release, for holdMs: let it land first.
      await renewing;
      await leases.releaseLease(lease, holder).catch(() => false);
    }
  } finally {
    done();
    if (waiting.get(name) === last) waiting.delete(name);
  }
}
