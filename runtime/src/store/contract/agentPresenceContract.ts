import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at } from './fixtures.ts';

/** Agents' presence: the state chosen and when a page was last open, shared by every instance on the store. */
export function agentPresenceContract(store: () => Store) {
  describe('agent presence', () => {
    it('knows nobody before their first page; a first page makes them available', async () => {
      expect(await store().getAgentPresence('awa')).toBeNull();
      expect(await store().touchAgentPresence('awa', at(10), at(9))).toEqual({ username: 'awa', status: 'available', since: at(10), changedBy: 'awa', lastSeenAt: at(10) });
      expect(await store().getAgentPresence('awa')).toEqual({ username: 'awa', status: 'available', since: at(10), changedBy: 'awa', lastSeenAt: at(10) });
    });

    it('keeps a pause while their page stays open, and ends it once they come back after being offline', async () => {
      await store().touchAgentPresence('ama', at(10), at(9));
      const paused = await store().setAgentPresence({ username: 'ama', status: 'paused', since: at(11), changedBy: 'ama' });
      expect(paused).toEqual({ username: 'ama', status: 'paused', since: at(11), changedBy: 'ama', lastSeenAt: at(10) });
      // Seen again within the grace period: still paused, since the pause began.
      expect(await store().touchAgentPresence('ama', at(12), at(9))).toMatchObject({ status: 'paused', since: at(11), lastSeenAt: at(12) });
      // Not seen since before the grace period: they were offline, their new page makes them available.
      expect(await store().touchAgentPresence('ama', at(30), at(20))).toEqual({ username: 'ama', status: 'available', since: at(30), changedBy: 'ama', lastSeenAt: at(30) });
    });

    it('keeps a supervisor’s « offline » while the page stays open; a signed-out agent comes back available', async () => {
      await store().touchAgentPresence('kofi', at(10), at(9));
      await store().setAgentPresence({ username: 'kofi', status: 'offline', since: at(11), changedBy: 'sena' });
      expect(await store().touchAgentPresence('kofi', at(12), at(9))).toMatchObject({ status: 'offline', changedBy: 'sena', lastSeenAt: at(12) });
      // Signed out: no page counts as open any more; the next one, however soon, makes them available.
      await store().setAgentPresence({ username: 'kofi', status: 'offline', since: at(13), changedBy: 'kofi', lastSeenAt: null });
      expect(await store().getAgentPresence('kofi')).toMatchObject({ status: 'offline', lastSeenAt: null });
      expect(await store().touchAgentPresence('kofi', at(14), at(13))).toMatchObject({ status: 'available', since: at(14), changedBy: 'kofi', lastSeenAt: at(14) });
    });

    it('never moves the last sighting back (two instances, a late heartbeat)', async () => {
      await store().touchAgentPresence('yao', at(20), at(19));
      expect(await store().touchAgentPresence('yao', at(18), at(17))).toMatchObject({ lastSeenAt: at(20) });
    });

    it('sets a state for someone never seen, without a sighting, and lists everyone by name', async () => {
      expect(await store().setAgentPresence({ username: 'zara', status: 'paused', since: at(5), changedBy: 'zara' })).toEqual({
        username: 'zara',
        status: 'paused',
        since: at(5),
        changedBy: 'zara',
        lastSeenAt: null,
      });
      await store().touchAgentPresence('bio', at(6), at(5));
      expect((await store().listAgentPresence()).map((p) => p.username)).toEqual(['bio', 'zara']);
    });
  });
}
