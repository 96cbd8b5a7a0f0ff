import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { CallerRecords } from '../../callers/CallerRecords.ts';
import { fillStore } from './fillStore.ts';
import { callback, handoffContact } from './handoffContract.ts';
import { at, caller, session, transcript } from './fixtures.ts';

/** Every value an adapter keeps, as text: every table or collection, whatever its name (tests only). */
export type StoredText = (store: Store) => Promise<string>;

const NUMBER = '+2290197000001';
const TELEGRAM = 'telegram:5550000001';
const SECRET = 'my account password is Hunter2-secret';
const OTHER = '+2290197000003';
const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Where each of `needles` shows in `text`, with what surrounds it (a failure says which table kept it). */
function traces(text: string, needles: string[]): string[] {
  return needles.flatMap((needle) => {
    const found: string[] = [];
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) found.push(text.slice(Math.max(0, i - 120), i + needle.length));
    return found;
  });
}

/** Everything a subscriber leaves, on every part of the store, beside what another one leaves. */
async function fillForErasure(store: Store): Promise<void> {
  await fillStore(store);
  // Their conversation with an agent, on WhatsApp, and a callback done.
  const key = 'whatsapp:100000000000001:2290197000001';
  await store.putSession({ ...session(key, soon(30)), session: { ...session(key, soon(30)).session, channel: 'whatsapp', status: 'ended' } });
  await store.putHandoffContact(handoffContact('h-wa', 1, at(10), { channel: 'whatsapp', sessionKey: key, status: 'closed', closedAt: at(12), context: { note: SECRET } }));
  await store.appendHandoffMessage({ id: 'm-wa', contactId: 'h-wa', at: at(11), from: 'subscriber', text: SECRET });
  await store.putCallbackRequest({ ...callback('cb-done', at(13)), status: 'done', updatedAt: at(14) });
  await store.continuations.putContinuation({ key: 'voice:CA1', revision: 1, owner: 'p1', until: soon(1), request: { clear: { pin: '1234' } }, expiresAt: soon(30) });
  // Days later, WhatsApp marks of a conversation whose session and transcript are gone.
  await store.messaging.recordInbound([
    { id: 'whatsapp:wamid.LATE', channel: 'whatsapp', conversationKey: 'whatsapp:100000000000002:2290197000001', payload: null, receivedAt: at(20), expiresAt: soon(60) },
  ]);
  await store.messaging.touchConversation('whatsapp:100000000000002:2290197000001', at(20), soon(60));
  // Their Telegram conversation, under the linked platform id.
  await store.putSession({ ...session('telegram:42:5550000001', soon(30)), platformCaller: TELEGRAM, linkedNumber: NUMBER });
  // Another subscriber, who keeps everything.
  await store.putCaller(caller(OTHER));
  await store.putSession({ ...session('voice:OTHER', soon(30)), session: { ...session('voice:OTHER', soon(30)).session, caller: { number: OTHER } } });
  await store.putHandoffContact(handoffContact('h-other', 1, at(30), { callerNumber: OTHER, sessionKey: 'voice:OTHER', status: 'closed', closedAt: at(31) }));
  await store.appendHandoffMessage({ id: 'm-other', contactId: 'h-other', at: at(30), from: 'subscriber', text: 'keep me' });
  await store.putCallbackRequest({ ...callback('cb-other', at(32)), number: OTHER });
  await store.startTranscript(transcript('voice:OTHER', OTHER, at(30)));
}

/**
 * The right to erasure leaves nothing of the caller anywhere in the store: every table or
 * collection is read whole (`storedText`), so a part added later cannot keep the number unnoticed.
 */
export function erasureContract(store: () => Store, storedText: StoredText) {
  describe('erasure', () => {
    const records = () => new CallerRecords({ store: store(), defaultRegion: 'BJ' });

    it('refuses while an agent has one of the caller’s contacts, naming it, and erases nothing', async () => {
      await fillForErasure(store());
      await expect(records().erase(NUMBER, 'admin')).rejects.toMatchObject({ code: 'contact_in_progress', params: { contact: 'h1', status: 'assigned' } });
      expect(await store().getHandoffContact('h-wa')).not.toBeNull();
      expect(await store().getCaller(NUMBER)).not.toBeNull();
      expect(await store().listHandoffMessages('h-wa')).toHaveLength(1);
    });

    it('leaves neither the number, the linked id nor what they wrote in any table, and keeps the other caller’s', async () => {
      await fillForErasure(store());
      const before = await storedText(store());
      // The scan sees them while they are kept.
      for (const kept of ['2290197000001', '5550000001', 'Hunter2', 'Bonjour']) expect(before).toContain(kept);
      await store().updateHandoffContact('h1', ['assigned'], { status: 'closed', closedAt: at(40), outcome: 'resolved', updatedAt: at(40) });
      // The bot's turn after the agent handed back, still waiting for its channel, goes with the contact; another's stays.
      await store().putPendingBotTurn({ contactId: 'h1', sessionKey: 'whatsapp:1:2290197000001', outcome: 'done', tries: 1, nextAt: at(41), createdAt: at(40) });
      await store().putPendingBotTurn({ contactId: 'h-other', sessionKey: 'voice:OTHER', outcome: 'done', tries: 1, nextAt: at(41), createdAt: at(40) });

      const erased = await records().erase(NUMBER, 'admin');
      expect(erased).toEqual({ profiles: 1, transcripts: 2, handoffContacts: 2, handoffMessages: 2, callbacks: 2, sessions: 4, messaging: 6, analyticsFacts: 0 });
      const after = await storedText(store());
      // Only configuration an admin wrote stays: the number as a tester of a binding (a staff SIM).
      const left = traces(after, ['2290197000001', '5550000001', 'Hunter2', 'Bonjour']).filter((trace) => !trace.endsWith('"testers":[{"number":"+2290197000001'));
      expect(left).toEqual([]);
      // The other subscriber's contact, messages, callback, session and transcript stay.
      expect(after).toContain('2290197000003');
      expect(await store().listHandoffMessages('h-other')).toHaveLength(1);
      expect(await store().getPendingBotTurn('h1')).toBeNull();
      expect(await store().getPendingBotTurn('h-other')).not.toBeNull();
      expect(await store().getCallbackRequest('cb-other')).not.toBeNull();
      expect(await store().getSession('voice:OTHER', new Date().toISOString())).not.toBeNull();
      expect(await store().getCaller(OTHER)).not.toBeNull();
    });

    it('finds a session by its linked number, and a platform id only matches itself (not another case, nor as a pattern)', async () => {
      const s = store();
      const telegram = session('telegram:42:5550000009', soon(30));
      await s.putSession({ ...telegram, session: { ...telegram.session, caller: { number: 'telegram:5550000009' } }, linkedNumber: NUMBER });
      const conversations = [
        'messenger:9:AbC7', // the same id in another case: another subscriber
        'messenger:9:abc7',
        'chat:9:a.c',
        'chat:9:abc', // `.` as a regex
        'chat:9:a%c',
        'chat:9:aXYZc', // `%` as a LIKE pattern
        'chat:9:a_c',
        'chat:9:a-c', // `_` as a LIKE pattern
      ];
      for (const key of conversations) await s.messaging.touchConversation(key, at(20), soon(60));

      const erased = await s.eraseConversations([NUMBER, 'messenger:abc7', 'chat:a.c', 'chat:a%c', 'chat:a_c'], []);
      expect(erased).toMatchObject({ ok: true, sessions: 1, messaging: 4 });
      expect(await s.getSession('telegram:42:5550000009', new Date().toISOString())).toBeNull();
      const kept: string[] = [];
      for (const key of conversations) if (await s.messaging.lastInbound(key)) kept.push(key);
      expect(kept).toEqual(['messenger:9:AbC7', 'chat:9:abc', 'chat:9:aXYZc', 'chat:9:a-c']);
    });

    it('removes the channel states of the caller’s conversations: a web chat outbox and its live part (also once its session is gone) and a Bot Framework conversation reference', async () => {
      const s = store();
      const now = new Date().toISOString();
      const visitor = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
      const teams = 'botframework:29:1AbC-user';
      await s.putSession({ ...session('botframework:a:19:conv-1', soon(30)), session: { ...session('botframework:a:19:conv-1', soon(30)).session, caller: { number: teams } } });
      const states = {
        // The visitor's outbox, their session gone (the outbox is kept 24 h).
        [`webchat:outbox:chat-1:${visitor}`]: { replies: [SECRET] },
        // Its live part: what it was told in clear while the contact lived.
        [`webchat:live:chat-1:${visitor}`]: { replies: [{ key: 'agent:c:m', replies: [SECRET] }] },
        'botframework:reference:a:19:conv-1': { user: { id: '29:1AbC-user' } },
        // Another visitor's and another conversation's stay.
        'webchat:outbox:chat-1:0e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c': { replies: ['keep me'] },
        'botframework:reference:a:19:conv-2': { user: { id: '29:other' } },
      };
      for (const [key, value] of Object.entries(states)) expect(await s.channelStates.putChannelState({ key, value, expiresAt: soon(60) }, 0, now)).toBe(true);

      expect(await s.eraseConversations([visitor, teams], [])).toMatchObject({ ok: true, sessions: 1 });
      const left: string[] = [];
      for (const key of Object.keys(states)) if (await s.channelStates.getChannelState(key, now)) left.push(key);
      expect(left).toEqual(['webchat:outbox:chat-1:0e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c', 'botframework:reference:a:19:conv-2']);
    });

    it('purges, after the retention, contacts closed with their messages and callbacks done, never those still open nor failed ones (still retried)', async () => {
      const s = store();
      const closed = { status: 'closed' as const, closedAt: at(0), updatedAt: at(0) };
      await s.putHandoffContact(handoffContact('old-closed', 1, at(-10), closed));
      await s.appendHandoffMessage({ id: 'm1', contactId: 'old-closed', at: at(-5), from: 'subscriber', text: SECRET });
      await s.appendHandoffMessage({ id: 'm2', contactId: 'old-closed', at: at(-4), from: 'agent', author: 'awa', text: 'Noted' });
      await s.putHandoffContact(handoffContact('recent-closed', 1, at(150), { ...closed, closedAt: at(200), updatedAt: at(200) }));
      await s.appendHandoffMessage({ id: 'm3', contactId: 'recent-closed', at: at(160), from: 'subscriber', text: 'recent' });
      await s.putHandoffContact(handoffContact('old-waiting', 1, at(-10)));
      await s.appendHandoffMessage({ id: 'm4', contactId: 'old-waiting', at: at(-5), from: 'subscriber', text: 'still waiting' });
      await s.putHandoffContact(handoffContact('old-assigned', 1, at(-10), { status: 'assigned', agent: 'awa', updatedAt: at(0) }));
      for (const [id, status, updatedAt] of [
        ['cb-done', 'done', at(0)],
        ['cb-failed', 'failed', at(0)],
        ['cb-pending', 'pending', at(0)],
        ['cb-taken', 'taken', at(0)],
        ['cb-recent', 'done', at(200)],
      ] as const)
        await s.putCallbackRequest({ ...callback(id, at(-10)), status, updatedAt });

      expect(await s.purgeHandoff(at(100))).toEqual({ handoffContacts: 1, handoffMessages: 2, callbacks: 1 });
      expect(await s.getHandoffContact('old-closed')).toBeNull();
      expect(await s.listHandoffMessages('old-closed')).toEqual([]);
      expect((await s.listHandoffContacts({})).map((c) => c.id).sort()).toEqual(['old-assigned', 'old-waiting', 'recent-closed']);
      expect(await s.listHandoffMessages('old-waiting')).toHaveLength(1);
      expect(await s.listHandoffMessages('recent-closed')).toHaveLength(1);
      expect((await s.listCallbackRequests({})).map((c) => c.id).sort()).toEqual(['cb-failed', 'cb-pending', 'cb-recent', 'cb-taken']);
      // The failed one can still be retried.
      expect(await s.getCallbackRequest('cb-failed')).toMatchObject({ status: 'failed' });
      expect(await s.purgeHandoff(at(100))).toEqual({ handoffContacts: 0, handoffMessages: 0, callbacks: 0 });
    });
  });
}
