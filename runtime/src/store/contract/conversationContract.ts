import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, binding, session } from './fixtures.ts';

/** What a caller's turn touches: the binding that routes the call and the session state. */
export function conversationContract(store: () => Store) {
  describe('bindings', () => {
    it('stores, finds by channel and address, lists and deletes bindings', async () => {
      await store().putBinding(binding('b1', 'hello', 'voice', '1919'));
      await store().putBinding(binding('b2', 'hello', 'whatsapp', '1919'));
      expect(await store().getBinding('b1')).toEqual(binding('b1', 'hello', 'voice', '1919'));
      expect(await store().findBinding('voice', '1919')).toEqual(binding('b1', 'hello', 'voice', '1919'));
      expect((await store().findBinding('whatsapp', '1919'))?.id).toBe('b2');
      expect(await store().findBinding('webchat', '1919')).toBeNull();
      expect((await store().listBindings()).map((b) => b.id).sort()).toEqual(['b1', 'b2']);

      expect(await store().deleteBinding('b1')).toBe(true);
      expect(await store().deleteBinding('b1')).toBe(false);
      expect(await store().getBinding('b1')).toBeNull();
      expect(await store().findBinding('voice', '1919')).toBeNull();
    });

    it('moves a binding to another address, freeing the old one', async () => {
      await store().putBinding(binding('b1', 'hello', 'voice', '1919'));
      await store().putBinding({ ...binding('b1', 'hello', 'voice', '1920'), environment: 'staging' });
      expect(await store().findBinding('voice', '1919')).toBeNull();
      expect(await store().findBinding('voice', '1920')).toMatchObject({ id: 'b1', environment: 'staging' });
      expect(await store().listBindings()).toHaveLength(1);
    });

    it('refuses a second binding on an address already bound', async () => {
      await store().putBinding(binding('b1', 'hello', 'voice', '1919'));
      await expect(store().putBinding(binding('b2', 'other', 'voice', '1919'))).rejects.toMatchObject({ code: 'address_taken' });
      expect((await store().findBinding('voice', '1919'))?.flowId).toBe('hello');
    });
  });

  describe('sessions', () => {
    it('stores a session, replaces it turn after turn and deletes it', async () => {
      await store().putSession(session('voice:CA1', at(30), 1));
      expect(await store().getSession('voice:CA1', at(0))).toEqual({ ...session('voice:CA1', at(30), 1), revision: 1 });
      await store().putSession(session('voice:CA1', at(45), 2));
      // Every write raises the revision a turn's write is checked against.
      expect(await store().getSession('voice:CA1', at(31))).toEqual({ ...session('voice:CA1', at(45), 2), revision: 2 });
      await store().deleteSession('voice:CA1');
      expect(await store().getSession('voice:CA1', at(0))).toBeNull();
      await store().deleteSession('voice:CA1');
    });

    it('no longer returns a session once it expired', async () => {
      await store().putSession(session('whatsapp:229', at(30)));
      expect(await store().getSession('whatsapp:229', at(29))).not.toBeNull();
      expect(await store().getSession('whatsapp:229', at(30))).toBeNull();
      expect(await store().getSession('whatsapp:229', at(90))).toBeNull();
      expect(await store().getSession('whatsapp:unknown', at(0))).toBeNull();
    });

    it("tells the live session's revision without the session, expiring on the same instant getSession does", async () => {
      const seconds = (minutes: number, s: number) => new Date(Date.parse(at(minutes)) + s * 1000).toISOString();
      const expiresAt = seconds(30, 20);
      expect(await store().getSessionRevision('voice:CA1', at(0))).toBeNull();
      await store().putSession(session('voice:CA1', expiresAt, 1));
      expect(await store().getSessionRevision('voice:CA1', at(0))).toBe(1);
      await store().putSession(session('voice:CA1', expiresAt, 2));
      expect(await store().getSessionRevision('voice:CA1', at(0))).toBe(2);
      expect(await store().getSessionRevision('voice:CA1', at(0))).toBe((await store().getSession('voice:CA1', at(0)))?.revision);
      // Within the minute it expires in: live until the instant itself, then gone, as for getSession.
      expect(await store().getSessionRevision('voice:CA1', seconds(30, 19))).toBe(2);
      expect(await store().getSessionRevision('voice:CA1', seconds(30, 20))).toBeNull();
      expect(await store().getSession('voice:CA1', seconds(30, 20))).toBeNull();
      expect(await store().getSessionRevision('voice:CA2', at(0))).toBeNull();
      await store().deleteSession('voice:CA1');
      expect(await store().getSessionRevision('voice:CA1', at(0))).toBeNull();
    });

    it('purges expired sessions only, and says how many', async () => {
      await store().putSession(session('a', at(10)));
      await store().putSession(session('b', at(20)));
      await store().putSession(session('c', at(60)));
      expect(await store().purgeExpiredSessions(at(20))).toBe(2);
      expect(await store().getSession('c', at(20))).not.toBeNull();
      expect(await store().purgeExpiredSessions(at(20))).toBe(0);
      expect((await store().dump()).sessions.map((s) => s.key)).toEqual(['c']);
    });
  });
}
