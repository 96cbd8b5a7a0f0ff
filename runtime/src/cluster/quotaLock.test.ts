import { describe, expect, it } from 'vitest';
import type { Lease, LeaseStore } from '../store/clusterTypes.ts';
import { withQuotaLock } from './quotaLock.ts';

/**
 * A lease store whose writes land a while after they are sent, as a remote MongoDB's do (a busy
 * server: `acquireMs` for a take or renewal, `releaseMs` for a release), with MongoDB's rule: a
 * lease is taken when free (released, or past its time) or already the holder's.
 */
function remoteLeases(acquireMs: number, releaseMs: number) {
  const held = new Map<string, { holder: string; until: string }>();
  let inFlight = 0;
  const later = <T>(lagMs: number, write: () => T) => {
    inFlight += 1;
    return new Promise<T>((resolve) =>
      setTimeout(() => {
        inFlight -= 1;
        resolve(write());
      }, lagMs),
    );
  };
  const store = {
    acquireLease: (name: string, holder: string, until: string, now: string) =>
      later(acquireMs, () => {
        const current = held.get(name);
        if (current && current.holder !== '' && current.holder !== holder && current.until > now) return null;
        held.set(name, { holder, until });
        return { name, holder, until } as unknown as Lease;
      }),
    releaseLease: (name: string, holder: string) =>
      later(releaseMs, () => {
        if (held.get(name)?.holder !== holder) return false;
        held.set(name, { holder: '', until: '' });
        return true;
      }),
  } as unknown as LeaseStore;
  return { store, held, inFlight: () => inFlight };
}

describe('the quota lock on a store whose writes take a while (MongoDB)', () => {
  it('leaves the lease free once the work is done, even when a renewal was on its way as it ended', async () => {
    const leases = remoteLeases(40, 5);
    // Taken at 40 ms, renewed every 20 ms: the work ends at 70 ms while the renewal sent at 60 ms lands at 100 ms, after a
    // release sent at once (landing at 75 ms) would have: it would take the lease back for the holder that is done.
    await withQuotaLock(leases.store, 'audio', () => new Promise((resolve) => setTimeout(resolve, 30)), { holdMs: 60 });
    await expect.poll(() => leases.inFlight(), { timeout: 5_000, interval: 10 }).toBe(0);
    expect(leases.held.get('quota:audio')?.holder).toBe('');
  });
});
