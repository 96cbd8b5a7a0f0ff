import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../store/clusterTypes.ts';

/** How long a copy holds its id without renewing (renewed every third of it while the recordings are copied). */
export const COPY_ID_HOLD_MS = 60_000;

export interface ReservedCopyId {
  id: string;
  /** Lets the id go (the copy made or given up). */
  release(): Promise<void>;
}

/**
 * The first of `candidates` no flow holds and no other copy is writing to (lease `copy:<id>`, on
 * one instance or several), held until `release`: two copies of a flow at once write their
 * recordings under two ids, never under one (where the second would remove the first's). A copy
 * whose process died lets its lease lapse: the next copy to the id removes what it left.
 */
export async function reserveCopyId(leases: LeaseStore, candidates: Iterable<string>, isFlow: (id: string) => boolean): Promise<ReservedCopyId> {
  const holder = `${hostname()}:${process.pid}#${randomUUID()}`;
  const take = (id: string) => {
    const now = Date.now();
    return leases.acquireLease(`copy:${id}`, holder, new Date(now + COPY_ID_HOLD_MS).toISOString(), new Date(now).toISOString());
  };
  for (const id of candidates) {
    if (isFlow(id) || !(await take(id))) continue;
    let renewing: Promise<unknown> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = take(id).catch(() => null);
    }, COPY_ID_HOLD_MS / 3);
    renew.unref();
    return {
      id,
      async release() {
        clearInterval(renew);
        await renewing;
        await leases.releaseLease(`copy:${id}`, holder).catch(() => false);
      },
    };
  }
  throw new Error('no candidate id left for the copy');
}
