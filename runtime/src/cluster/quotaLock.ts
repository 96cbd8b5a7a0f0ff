import { randomUUID } from 'node:crypto';
import { DependencyError } from '../errors.ts';
import type { LeaseStore } from '../store/clusterTypes.ts';

/** What a quota's check and write may take at most: past it, another instance may go in (a crashed holder never blocks for longer). */
const HOLD_MS = 60_000;
/** How long a writer waits for another instance's check and write before answering 503. */
const WAIT_MS = 15_000;
const RETRY_MS = 20;

/** The writers of this process waiting on each quota, per store: one at a time, in arrival order. */
const queues = new WeakMap<LeaseStore, Map<string, Promise<void>>>();

/**
 * Runs a quota's check and its write as one unit (`quota:<name>`: `versions` for a flow's versions,
 * `audio` for recorded prompts): of the writers of this process, one at a time in arrival order;
 * across instances on one store (SQLite file or MongoDB), through a lease in the store, taken
 * before the check and let go after the write. So N uploads or publishes at once are counted one
 * after the other, and those past the quota get its 409. A holder that dies keeps the lease
 * HOLD_MS at most; a writer that waits longer than WAIT_MS gets 503 `quota_busy`.
 */
export async function withQuotaLock<T>(leases: LeaseStore, name: string, work: () => Promise<T>): Promise<T> {
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
  const holder = randomUUID();
  try {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = Date.now();
      if (await leases.acquireLease(lease, holder, new Date(now + HOLD_MS).toISOString(), new Date(now).toISOString())) break;
      if (now > deadline) {
        throw new DependencyError('unavailable', 'quota_busy', `another instance has been checking the ${name} quota for ${WAIT_MS / 1000} s: try again`, { retryAfterSeconds: 5 });
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    try {
      return await work();
    } finally {
      await leases.releaseLease(lease, holder).catch(() => false);
    }
  } finally {
    done();
    if (waiting.get(name) === last) waiting.delete(name);
  }
}
