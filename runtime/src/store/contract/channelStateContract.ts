import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at } from './fixtures.ts';

const KEY = 'ussd:ATUid_contract';
const screens = (page: number) => ({ v: 1, text: '1', page, pages: [{ screen: 'Votre code PUK est 12345678.', hasNext: false, hasBack: false }] });

/** What channels keep between a platform's requests: written only at the revision read, gone once expired, never backed up. */
export function channelStateContract(store: () => Store, another: () => Promise<Store>) {
  describe('channel states', () => {
    it('keeps a state until it expires, each write raising its revision', async () => {
      const s = store().channelStates;
      expect(await s.getChannelState(KEY, at(0))).toBeNull();
      expect(await s.putChannelState({ key: KEY, value: screens(0), expiresAt: at(10) }, 0, at(0))).toBe(true);
      expect(await s.getChannelState(KEY, at(1))).toEqual({ key: KEY, value: screens(0), revision: 1, expiresAt: at(10) });
      expect(await s.putChannelState({ key: KEY, value: screens(1), expiresAt: at(12) }, 1, at(2))).toBe(true);
      expect(await s.getChannelState(KEY, at(2))).toMatchObject({ value: screens(1), revision: 2 });
      expect(await s.getChannelState(KEY, at(12))).toBeNull();
      expect(await s.getChannelState('ussd:other', at(2))).toBeNull();
    });

    it('lists the live keys of one prefix, in order, with their expiry', async () => {
      const s = store().channelStates;
      await s.putChannelState({ key: 'webchat:outbox:b', value: { n: 1 }, expiresAt: at(10) }, 0, at(0));
      await s.putChannelState({ key: 'webchat:outbox:a', value: { n: 1 }, expiresAt: at(11) }, 0, at(0));
      await s.putChannelState({ key: 'webchat:outbox:gone', value: { n: 1 }, expiresAt: at(1) }, 0, at(0));
      await s.putChannelState({ key: 'webchat:live:a', value: { n: 1 }, expiresAt: at(10) }, 0, at(0));
      await s.putChannelState({ key: 'webchat:outbox;', value: { n: 1 }, expiresAt: at(10) }, 0, at(0));
      expect(await s.listChannelStateKeys('webchat:outbox:', at(2))).toEqual([
        { key: 'webchat:outbox:a', expiresAt: at(11) },
        { key: 'webchat:outbox:b', expiresAt: at(10) },
      ]);
      expect(await s.listChannelStateKeys('ussd:', at(2))).toEqual([]);
    });

    it('refuses a write made at a revision another write has left, so two instances never both advance a session', async () => {
      const s = store().channelStates;
      await s.putChannelState({ key: KEY, value: screens(0), expiresAt: at(10) }, 0, at(0));
      // Two requests read revision 1; one write wins.
      const writes = await Promise.all([
        s.putChannelState({ key: KEY, value: screens(1), expiresAt: at(10) }, 1, at(1)),
        s.putChannelState({ key: KEY, value: screens(2), expiresAt: at(10) }, 1, at(1)),
      ]);
      expect(writes.filter(Boolean)).toHaveLength(1);
      expect((await s.getChannelState(KEY, at(1)))?.revision).toBe(2);
      // Nor does a first write land on a live state.
      expect(await s.putChannelState({ key: KEY, value: screens(3), expiresAt: at(10) }, 0, at(1))).toBe(false);
      expect(await s.putChannelState({ key: KEY, value: screens(3), expiresAt: at(10) }, 7, at(1))).toBe(false);
      expect((await s.getChannelState(KEY, at(1)))?.value).toEqual(writes[0] ? screens(1) : screens(2));
    });

    it('claims a state (a lease) on the same condition as a write, seen at once and kept like one', async () => {
      const s = store().channelStates;
      expect(await s.claimChannelState({ key: KEY, value: screens(0), expiresAt: at(10) }, 0, at(0))).toBe(true);
      expect(await s.getChannelState(KEY, at(1))).toEqual({ key: KEY, value: screens(0), revision: 1, expiresAt: at(10) });
      // Two requests read revision 1 and claim it: one wins; a claim at a revision left behind, or over a live state, fails.
      const claims = await Promise.all([
        s.claimChannelState({ key: KEY, value: screens(1), expiresAt: at(10) }, 1, at(1)),
        s.claimChannelState({ key: KEY, value: screens(2), expiresAt: at(10) }, 1, at(1)),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await s.claimChannelState({ key: KEY, value: screens(3), expiresAt: at(10) }, 0, at(1))).toBe(false);
      // The write after the claim names the claim's revision; once it resolves, both are kept.
      expect(await s.putChannelState({ key: KEY, value: screens(4), expiresAt: at(10) }, 2, at(2))).toBe(true);
      expect(await s.getChannelState(KEY, at(2))).toMatchObject({ value: screens(4), revision: 3 });
    });

    it('keeps a WhatsApp media id (number and content hash) for its 25 days: a second upload at the same moment leaves the first id', async () => {
      const s = store().channelStates;
      const key = `whatsapp-media:100000000000001:${'ab'.repeat(32)}`;
      const uploadedAt = Date.parse(at(0));
      const expiresAt = new Date(uploadedAt + 25 * 24 * 3_600_000).toISOString();
      expect(await s.putChannelState({ key, value: { id: '1000000000001', uploadedAt }, expiresAt }, 0, at(0))).toBe(true);
      // Another instance uploaded the same file having read nothing: its write is refused, both ids are good for Graph.
      expect(await s.putChannelState({ key, value: { id: '1000000000002', uploadedAt }, expiresAt }, 0, at(1))).toBe(false);
      expect(await s.getChannelState(key, new Date(uploadedAt + 24 * 24 * 3_600_000).toISOString())).toMatchObject({ value: { id: '1000000000001', uploadedAt }, revision: 1 });
      expect(await s.getChannelState(key, expiresAt)).toBeNull();
    });

    it('writes a first state over an expired one', async () => {
      const s = store().channelStates;
      await s.putChannelState({ key: KEY, value: screens(0), expiresAt: at(5) }, 0, at(0));
      expect(await s.putChannelState({ key: KEY, value: screens(4), expiresAt: at(20) }, 0, at(6))).toBe(true);
      expect(await s.getChannelState(KEY, at(7))).toEqual({ key: KEY, value: screens(4), revision: 1, expiresAt: at(20) });
    });

    it('deletes a state, purges expired ones with the sessions, and never puts one in a backup', async () => {
      const s = store().channelStates;
      await s.putChannelState({ key: KEY, value: screens(0), expiresAt: at(5) }, 0, at(0));
      await s.putChannelState({ key: 'ussd:later', value: screens(0), expiresAt: at(60) }, 0, at(0));
      const dump = await store().dump();
      expect(JSON.stringify(dump)).not.toContain('12345678');
      const restored = await another();
      await restored.restore(dump);
      expect(await restored.channelStates.getChannelState('ussd:later', at(1))).toBeNull();
      await store().purgeExpiredSessions(at(6));
      // Purged: a first write at revision 0 is the only one that fits now, even read "before" the expiry.
      expect(await s.getChannelState(KEY, at(1))).toBeNull();
      expect(await s.getChannelState('ussd:later', at(6))).not.toBeNull();
      await s.deleteChannelState('ussd:later');
      expect(await s.getChannelState('ussd:later', at(6))).toBeNull();
    });
  });
}
