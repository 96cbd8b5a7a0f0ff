import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at } from './fixtures.ts';

/** Agents' presence: the state chosen and when a page was last open, shared by every instance on the store. */
export function agentPresenceContract(store: () => Store) {
  describe('agent presence', () => {
    it('knows nobody before their first page; a first page makes them available', async () => {
      expect(await store().getAgentPresence('awa')).toBeNull();
      expect(await store().touchAgentPresence('awa', at(10), at(9))).toEqual({ username: 'awa', status: 'available', since: at(10), changedBy: 'awa', reason: null, lastSeenAt: at(10) });
      expect(await store().getAgentPresence('awa')).toEqual({ username: 'awa', status: 'available', since: at(10), changedBy: 'awa', reason: null, lastSeenAt: at(10) });
    });

    it('keeps a pause while their page stays open, and ends it once they come back after being offline', async () => {
      await store().touchAgentPresence('ama', at(10), at(9));
      const paused = await store().setAgentPresence({ username: 'ama', status: 'paused', since: at(11), changedBy: 'ama' });
      expect(paused).toEqual({ username: 'ama', status: 'paused', since: at(11), changedBy: 'ama', reason: null, lastSeenAt: at(10) });
      // Seen again within the grace period: still paused, since the pause began.
      expect(await store().touchAgentPresence('ama', at(12), at(9))).toMatchObject({ status: 'paused', since: at(11), lastSeenAt: at(12) });
      // Not seen since before the grace period: they were offline, their new page makes them available.
      expect(await store().touchAgentPresence('ama', at(30), at(20))).toEqual({ username: 'ama', status: 'available', since: at(30), changedBy: 'ama', reason: null, lastSeenAt: at(30) });
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

    it('keeps why they paused while they are seen, and forgets it with the pause', async () => {
      await store().touchAgentPresence('afi', at(10), at(9));
      expect(await store().setAgentPresence({ username: 'afi', status: 'paused', since: at(11), changedBy: 'afi', reason: 'Formation' })).toMatchObject({ status: 'paused', reason: 'Formation' });
      expect(await store().touchAgentPresence('afi', at(12), at(9))).toMatchObject({ status: 'paused', reason: 'Formation', since: at(11) });
      expect(await store().getAgentPresence('afi')).toMatchObject({ reason: 'Formation' });
      // Another pause, another reason; available again: none.
      expect(await store().setAgentPresence({ username: 'afi', status: 'paused', since: at(13), changedBy: 'afi', reason: 'Réunion' })).toMatchObject({ reason: 'Réunion', lastSeenAt: at(12) });
      expect(await store().setAgentPresence({ username: 'afi', status: 'available', since: at(14), changedBy: 'afi', reason: 'Réunion' })).toMatchObject({ status: 'available', reason: null });
      // Paused, then gone past the grace period: back available, the reason gone with the pause.
      await store().setAgentPresence({ username: 'afi', status: 'paused', since: at(15), changedBy: 'afi', reason: 'Pause déjeuner' });
      expect(await store().touchAgentPresence('afi', at(40), at(30))).toMatchObject({ status: 'available', reason: null, since: at(40) });
      // A supervisor's « offline » carries none.
      await store().setAgentPresence({ username: 'afi', status: 'paused', since: at(41), changedBy: 'afi', reason: 'Formation' });
      expect(await store().setAgentPresence({ username: 'afi', status: 'offline', since: at(42), changedBy: 'sena' })).toMatchObject({ status: 'offline', reason: null });
      expect((await store().listAgentPresence()).find((p) => p.username === 'afi')).toMatchObject({ reason: null });
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
        reason: null,
        lastSeenAt: null,
      });
      await store().touchAgentPresence('bio', at(6), at(5));
      expect((await store().listAgentPresence()).map((p) => p.username)).toEqual(['bio', 'zara']);
    });
  });
}
