import { describe, expect, it } from 'vitest';
import type { CallbackRequest, CannedReply, HandoffContact, PendingBotTurn, QueueSettings, Store } from '../types.ts';
import { at } from './fixtures.ts';

export function handoffContact(id: string, priority: number, enqueuedAt: string, extra: Partial<HandoffContact> = {}): HandoffContact {
  return {
    id,
    queue: 'support-fr',
    priority,
    enqueuedAt,
    channel: 'voice',
    sessionKey: `voice:${id}`,
    callerNumber: '+2290197000001',
    locale: 'fr',
    reason: 'Assistance',
    context: { segment: 'standard' },
    history: [],
    status: 'waiting',
    preview: false,
    updatedAt: enqueuedAt,
    ...extra,
  };
}

export function callback(id: string, requestedAt: string): CallbackRequest {
  return { id, number: '+2290197000001', queue: 'support-fr', locale: 'fr', reason: 'Assistance', context: {}, requestedAt, status: 'pending', attempts: 0, updatedAt: requestedAt };
}

/** Contacts handed over to agents, their messages, callback requests and queue settings. */
export function handoffContract(store: () => Store) {
  describe('handoff', () => {
    it('keeps the client a Bot Framework contact writes from, through changes', async () => {
      await store().putHandoffContact(handoffContact('teams-user', 999, at(1), { channel: 'botframework', sessionKey: 'botframework:a:conv', platform: 'msteams' }));
      await store().updateHandoffContact('teams-user', ['waiting'], { status: 'assigned', agent: 'awa', assignedAt: at(2), updatedAt: at(2) });
      expect(await store().getHandoffContact('teams-user')).toMatchObject({ platform: 'msteams', status: 'assigned' });
      expect((await store().listHandoffContacts({ sessionKey: 'botframework:a:conv' }))[0]).toMatchObject({ platform: 'msteams' });
    });

    it('lists waiting contacts by priority, then arrival', async () => {
      await store().putHandoffContact(handoffContact('late-regular', 999, at(3)));
      await store().putHandoffContact(handoffContact('early-regular', 999, at(1)));
      await store().putHandoffContact(handoffContact('vip', 1, at(5)));
      await store().putHandoffContact(handoffContact('same-time-second', 999, at(3), { queue: 'support-en' }));
      await store().putHandoffContact(handoffContact('gone', 1, at(0), { status: 'closed' }));
      const waiting = await store().listHandoffContacts({ statuses: ['waiting'] });
      expect(waiting.map((c) => c.id)).toEqual(['vip', 'early-regular', 'late-regular', 'same-time-second']);
      expect((await store().listHandoffContacts({ queue: 'support-en' })).map((c) => c.id)).toEqual(['same-time-second']);
      expect((await store().listHandoffContacts({ sessionKey: 'voice:gone' })).map((c) => c.id)).toEqual(['gone']);
      expect(await store().listHandoffContacts({ statuses: [] })).toEqual([]);
      expect(await store().getHandoffContact('vip')).toEqual(handoffContact('vip', 1, at(5)));
      expect(await store().getHandoffContact('nobody')).toBeNull();
    });

    it('takes a contact once: the second taker gets null', async () => {
      await store().putHandoffContact(handoffContact('c1', 999, at(1)));
      const results = await Promise.all(['awa', 'kofi'].map((agent) => store().updateHandoffContact('c1', ['waiting'], { status: 'assigned', agent, assignedAt: at(2), updatedAt: at(2) })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const taken = await store().getHandoffContact('c1');
      expect(taken).toMatchObject({ status: 'assigned', agent: results.find((r) => r)?.agent });
      // A transfer puts it back in a queue without an agent.
      const moved = await store().updateHandoffContact('c1', ['assigned'], { status: 'waiting', queue: 'support-en', agent: undefined, updatedAt: at(3) });
      expect(moved).toMatchObject({ status: 'waiting', queue: 'support-en' });
      expect(moved).not.toHaveProperty('agent');
      expect(await store().getHandoffContact('c1')).not.toHaveProperty('agent');
      expect(await store().updateHandoffContact('missing', ['waiting'], { status: 'closed' })).toBeNull();
    });

    it('keeps when an agent first had a contact through a transfer, which drops the agent', async () => {
      await store().putHandoffContact(handoffContact('counted', 999, at(1)));
      await store().updateHandoffContact('counted', ['waiting'], { status: 'assigned', agent: 'awa', assignedAt: at(2), updatedAt: at(2) });
      // Written apart, by analytics, on any status and without touching updatedAt.
      expect(await store().updateHandoffContact('counted', ['waiting', 'assigned', 'closed'], { handedOverAt: at(2) })).toMatchObject({ handedOverAt: at(2), updatedAt: at(2) });
      await store().updateHandoffContact('counted', ['assigned'], { status: 'waiting', queue: 'support-en', agent: undefined, assignedAt: undefined, updatedAt: at(3) });
      const taken = await store().updateHandoffContact('counted', ['waiting'], { status: 'assigned', agent: 'kofi', assignedAt: at(4), updatedAt: at(4) });
      expect(taken).toMatchObject({ agent: 'kofi', assignedAt: at(4), handedOverAt: at(2) });
      expect((await store().listHandoffContacts({ sessionKey: 'voice:counted' }))[0]).toMatchObject({ handedOverAt: at(2) });
    });

    it('lists a contact transferred to another queue by its transfer time there, keeping when it was first queued', async () => {
      await store().putHandoffContact(handoffContact('asked-first', 999, at(1), { status: 'assigned', agent: 'awa', assignedAt: at(2) }));
      await store().putHandoffContact(handoffContact('waiting-there', 999, at(3), { queue: 'support-en' }));
      const moved = await store().updateHandoffContact('asked-first', ['assigned'], {
        status: 'waiting',
        queue: 'support-en',
        agent: undefined,
        assignedAt: undefined,
        enqueuedAt: at(4),
        firstEnqueuedAt: at(1),
        updatedAt: at(4),
      });
      expect(moved).toMatchObject({ enqueuedAt: at(4), firstEnqueuedAt: at(1) });
      expect((await store().listHandoffContacts({ queue: 'support-en' })).map((c) => c.id)).toEqual(['waiting-there', 'asked-first']);
      expect((await store().listHandoffContacts({ statuses: ['waiting'] })).map((c) => c.id)).toEqual(['waiting-there', 'asked-first']);
    });

    it('keeps the notes written with its transfers, in order, through later changes', async () => {
      await store().putHandoffContact(handoffContact('noted', 999, at(1), { status: 'assigned', agent: 'awa', assignedAt: at(2) }));
      const first = { at: at(3), agent: 'awa', fromQueue: 'support-fr', toQueue: 'support-en', text: 'Forfait actif : souci de réseau.' };
      await store().updateHandoffContact('noted', ['assigned'], { status: 'waiting', queue: 'support-en', agent: undefined, assignedAt: undefined, notes: [first], updatedAt: at(3) });
      await store().updateHandoffContact('noted', ['waiting'], { status: 'assigned', agent: 'kofi', assignedAt: at(4), updatedAt: at(4) });
      const second = { at: at(5), agent: 'kofi', fromQueue: 'support-en', toQueue: 'support-fr', text: 'Le client préfère le français.' };
      const moved = await store().updateHandoffContact('noted', ['assigned'], {
        status: 'waiting',
        queue: 'support-fr',
        agent: undefined,
        assignedAt: undefined,
        notes: [first, second],
        updatedAt: at(5),
      });
      expect(moved?.notes).toEqual([first, second]);
      expect((await store().getHandoffContact('noted'))?.notes).toEqual([first, second]);
      expect((await store().listHandoffContacts({ queue: 'support-fr' })).find((c) => c.id === 'noted')?.notes).toEqual([first, second]);
    });

    it('moves a contact only while the agent seen still holds it: of two supervisors acting at once, one wins', async () => {
      await store().putHandoffContact(handoffContact('held', 999, at(1), { status: 'assigned', agent: 'awa', assignedAt: at(1) }));
      // Both saw it with awa; one transfers it to support-en, the other reassigns it to kofi.
      const [moved, reassigned] = await Promise.all([
        store().updateHandoffContact('held', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', queue: 'support-en', agent: undefined, assignedAt: undefined, updatedAt: at(2) }),
        store().updateHandoffContact('held', { statuses: ['assigned', 'waiting'], agent: 'awa' }, { status: 'assigned', agent: 'kofi', assignedAt: at(2), updatedAt: at(2) }),
      ]);
      expect([moved, reassigned].filter((r) => r !== null)).toHaveLength(1);
      expect(await store().getHandoffContact('held')).toEqual(moved ?? reassigned);
      // Same status, another holder: refused, and nothing changes.
      await store().putHandoffContact(handoffContact('kofis', 999, at(1), { status: 'assigned', agent: 'kofi', assignedAt: at(1) }));
      expect(await store().updateHandoffContact('kofis', { statuses: ['assigned'], agent: 'awa' }, { status: 'closed', outcome: 'resolved', updatedAt: at(3) })).toBeNull();
      expect(await store().getHandoffContact('kofis')).toMatchObject({ status: 'assigned', agent: 'kofi' });
      // A waiting contact moved by one supervisor is still waiting and held by nobody: the queue seen tells the second move apart.
      await store().putHandoffContact(handoffContact('moved', 999, at(1)));
      const seenInFr = { statuses: ['waiting' as const], agent: null, queue: 'support-fr' };
      expect(await store().updateHandoffContact('moved', seenInFr, { queue: 'support-en', updatedAt: at(2) })).toMatchObject({ queue: 'support-en' });
      expect(await store().updateHandoffContact('moved', seenInFr, { queue: 'whatsapp-fr', updatedAt: at(3) })).toBeNull();
      expect(await store().getHandoffContact('moved')).toMatchObject({ status: 'waiting', queue: 'support-en' });
      // A priority raised by one supervisor: the second, who saw the old one, is refused, even with status, holder and queue unchanged.
      await store().putHandoffContact(handoffContact('raised', 999, at(1)));
      const seenAt999 = { statuses: ['waiting' as const], agent: null, queue: 'support-fr', priority: 999 };
      expect(await store().updateHandoffContact('raised', seenAt999, { priority: 10, updatedAt: at(2) })).toMatchObject({ priority: 10 });
      expect(await store().updateHandoffContact('raised', seenAt999, { queue: 'support-en', priority: 500, updatedAt: at(3) })).toBeNull();
      expect(await store().getHandoffContact('raised')).toMatchObject({ queue: 'support-fr', priority: 10 });
      expect(await store().updateHandoffContact('raised', { ...seenAt999, priority: 10 }, { queue: 'support-en', updatedAt: at(4) })).toMatchObject({ queue: 'support-en', priority: 10 });
      // `null`: nobody holds it (a waiting contact); a held one is refused.
      await store().putHandoffContact(handoffContact('free', 999, at(1)));
      expect(await store().updateHandoffContact('kofis', { statuses: ['assigned', 'waiting'], agent: null }, { status: 'closed' })).toBeNull();
      expect(await store().updateHandoffContact('free', { statuses: ['waiting'], agent: null }, { status: 'assigned', agent: 'awa', updatedAt: at(4) })).toMatchObject({
        status: 'assigned',
        agent: 'awa',
      });
      expect(await store().updateHandoffContact('kofis', { statuses: ['assigned'], agent: 'kofi' }, { status: 'closed', outcome: 'resolved', updatedAt: at(5) })).toMatchObject({
        status: 'closed',
        agent: 'kofi',
      });
    });

    it('keeps a conversation’s messages in order', async () => {
      await store().appendHandoffMessage({ id: 'm1', contactId: 'c1', at: at(1), from: 'subscriber', text: 'Bonjour' });
      await store().appendHandoffMessage({ id: 'm2', contactId: 'c1', at: at(1), from: 'agent', author: 'awa', text: 'Bonjour, je vous écoute' });
      await store().appendHandoffMessage({ id: 'm3', contactId: 'c2', at: at(1), from: 'subscriber', text: 'Autre' });
      expect((await store().listHandoffMessages('c1')).map((m) => m.id)).toEqual(['m1', 'm2']);
    });

    it('stores an agent’s message once per id, and keeps the pending ones until they are settled', async () => {
      const reply = { id: 'r1', contactId: 'c1', at: at(1), from: 'agent' as const, author: 'awa', text: 'Bonjour', pending: true };
      expect(await store().appendHandoffMessageOnce(reply)).toBeNull();
      // The agent's retry, and the same id on another contact (another agent's app).
      expect(await store().appendHandoffMessageOnce({ ...reply, text: 'Bonjour bis' })).toEqual(reply);
      expect(await store().appendHandoffMessageOnce({ ...reply, contactId: 'c2' })).toBeNull();
      await store().appendHandoffMessage({ id: 'r2', contactId: 'c1', at: at(2), from: 'agent', author: 'awa', text: 'Déjà parti' });
      expect((await store().listHandoffMessages('c1')).map((m) => m.text)).toEqual(['Bonjour', 'Déjà parti']);
      expect((await store().listPendingHandoffMessages(at(2), 10)).map((m) => [m.contactId, m.id])).toEqual([
        ['c1', 'r1'],
        ['c2', 'r1'],
      ]);
      // Only those stored before the given time (one being sent right now is left to its request).
      expect(await store().listPendingHandoffMessages(at(1), 10)).toEqual([]);
      expect(await store().listPendingHandoffMessages(at(2), 1)).toHaveLength(1);
      expect(await store().settleHandoffMessage('c1', 'r1')).toBe(true);
      expect(await store().settleHandoffMessage('c1', 'r1')).toBe(false);
      expect(await store().settleHandoffMessage('c1', 'r2')).toBe(false);
      expect((await store().listPendingHandoffMessages(at(2), 10)).map((m) => m.contactId)).toEqual(['c2']);
      expect((await store().listHandoffMessages('c1'))[0]).toEqual({ id: 'r1', contactId: 'c1', at: at(1), from: 'agent', author: 'awa', text: 'Bonjour' });
      // Found by contact and id (an agent's retry), on that contact only.
      expect(await store().getHandoffMessage('c1', 'r1')).toEqual({ id: 'r1', contactId: 'c1', at: at(1), from: 'agent', author: 'awa', text: 'Bonjour' });
      expect(await store().getHandoffMessage('c3', 'r1')).toBeNull();
      expect(await store().getHandoffMessage('c1', 'r9')).toBeNull();
      // Refused for good by the platform: settled with the reason, which stays on the message.
      expect(await store().settleHandoffMessage('c2', 'r1', 'recipientUnavailable')).toBe(true);
      expect(await store().settleHandoffMessage('c2', 'r1', 'recipientUnavailable')).toBe(false);
      expect(await store().getHandoffMessage('c2', 'r1')).toEqual({ id: 'r1', contactId: 'c2', at: at(1), from: 'agent', author: 'awa', text: 'Bonjour', undelivered: 'recipientUnavailable' });
      expect(await store().listPendingHandoffMessages(at(2), 10)).toEqual([]);
    });

    it('stores an agent’s message only while its contact is still assigned to them, in the same write', async () => {
      await store().putHandoffContact(handoffContact('held', 0, at(1), { status: 'assigned', agent: 'awa' }));
      const reply = { id: 'r1', contactId: 'held', at: at(2), from: 'agent' as const, author: 'awa', text: 'Bonjour', pending: true };
      // Another agent's words are refused; the holder's are stored, and a retry finds them.
      expect(await store().appendHandoffMessageOnce({ ...reply, id: 'r0', author: 'kofi' }, 'kofi')).toBe('changedHands');
      expect(await store().appendHandoffMessageOnce(reply, 'awa')).toBeNull();
      expect(await store().appendHandoffMessageOnce(reply, 'awa')).toEqual(reply);
      // A supervisor requeued it meanwhile: nothing stored.
      await store().updateHandoffContact('held', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, updatedAt: at(3) });
      expect(await store().appendHandoffMessageOnce({ ...reply, id: 'r2' }, 'awa')).toBe('changedHands');
      // Assigned to someone else, or closed: the same.
      await store().updateHandoffContact('held', ['waiting'], { status: 'assigned', agent: 'kofi', updatedAt: at(4) });
      expect(await store().appendHandoffMessageOnce({ ...reply, id: 'r3' }, 'awa')).toBe('changedHands');
      expect(await store().appendHandoffMessageOnce({ ...reply, id: 'r4' }, 'missing')).toBe('changedHands');
      expect(await store().appendHandoffMessageOnce({ ...reply, id: 'r5', contactId: 'nobody' }, 'awa')).toBe('changedHands');
      expect((await store().listHandoffMessages('held')).map((m) => m.id)).toEqual(['r1']);
    });

    it('stores one of the same agent’s message appended twice at once', async () => {
      const reply = { id: 'r1', contactId: 'c1', at: at(1), from: 'agent' as const, author: 'awa', text: 'Bonjour', pending: true };
      const answers = await Promise.all([store().appendHandoffMessageOnce(reply), store().appendHandoffMessageOnce(reply), store().appendHandoffMessageOnce(reply)]);
      expect(answers.filter((a) => a === null)).toHaveLength(1);
      expect(answers.filter((a) => a !== null)).toEqual([reply, reply]);
      expect(await store().listHandoffMessages('c1')).toEqual([reply]);
    });

    it('stores callback requests and changes their status only from the expected one', async () => {
      await store().putCallbackRequest(callback('cb2', at(2)));
      await store().putCallbackRequest(callback('cb1', at(1)));
      expect((await store().listCallbackRequests({ statuses: ['pending'] })).map((r) => r.id)).toEqual(['cb1', 'cb2']);
      expect(await store().updateCallbackRequest('cb1', ['pending'], { status: 'taken', agent: 'awa', updatedAt: at(3) })).toMatchObject({ status: 'taken', agent: 'awa' });
      expect(await store().updateCallbackRequest('cb1', ['pending'], { status: 'taken', agent: 'kofi' })).toBeNull();
      expect((await store().listCallbackRequests({ statuses: ['pending'] })).map((r) => r.id)).toEqual(['cb2']);
      expect((await store().listCallbackRequests({})).length).toBe(2);
      expect(await store().getCallbackRequest('cb1')).toMatchObject({ agent: 'awa' });
    });

    it('keeps the last call placed for a callback request, replaced whole on the next one', async () => {
      await store().putCallbackRequest({ ...callback('cb-call', at(1)), status: 'taken', attempts: 1, agent: 'awa' });
      const placed = { status: 'placed' as const, attempt: 1, sid: 'call-1', from: '+22921300000', at: at(2) };
      expect(await store().updateCallbackRequest('cb-call', ['taken'], { lastCall: placed })).toMatchObject({ status: 'taken', lastCall: placed });
      const failed = { status: 'failed' as const, attempt: 1, at: at(3), reason: 'no_answer', detail: 'SIP 487' };
      expect(await store().updateCallbackRequest('cb-call', ['taken'], { status: 'failed', lastCall: failed })).toMatchObject({ status: 'failed', lastCall: failed });
      expect((await store().getCallbackRequest('cb-call'))?.lastCall).toEqual(failed);
      expect(await store().updateCallbackRequest('cb-call', ['taken'], { lastCall: placed })).toBeNull();
    });

    it('stores queue settings by queue', async () => {
      const settings: QueueSettings = {
        queue: 'support-fr',
        callbackAfterSeconds: 90,
        timezone: 'Africa/Porto-Novo',
        weeklyHours: { mon: [{ open: '08:00', close: '18:00' }] },
        holidays: ['2026-08-01'],
        updatedAt: at(1),
        updatedBy: 'sup',
      };
      await store().putQueueSettings(settings);
      await store().putQueueSettings({ ...settings, callbackAfterSeconds: 60 });
      expect(await store().getQueueSettings('support-fr')).toEqual({ ...settings, callbackAfterSeconds: 60 });
      expect(await store().getQueueSettings('other')).toBeNull();
      expect(await store().listQueueSettings()).toHaveLength(1);
    });

    it('removes a queue’s settings, that queue’s only', async () => {
      const settings: QueueSettings = { queue: 'support-fr', callbackAfterSeconds: 90, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [], updatedAt: at(1), updatedBy: 'sup' };
      await store().putQueueSettings(settings);
      await store().putQueueSettings({ ...settings, queue: 'support-en' });
      expect(await store().deleteQueueSettings('support-fr')).toBe(true);
      expect(await store().deleteQueueSettings('support-fr')).toBe(false);
      expect(await store().deleteQueueSettings('other')).toBe(false);
      expect(await store().getQueueSettings('support-fr')).toBeNull();
      expect((await store().listQueueSettings()).map((s) => s.queue)).toEqual(['support-en']);
      // Saved again from nothing: a queue like any other.
      await store().putQueueSettings(settings);
      expect(await store().getQueueSettings('support-fr')).toEqual(settings);
    });

    it('keeps a queue’s display name with its settings, and forgets it when saved without', async () => {
      const settings: QueueSettings = {
        queue: 'billing_fr',
        callbackAfterSeconds: 120,
        timezone: 'Africa/Porto-Novo',
        weeklyHours: {},
        holidays: [],
        displayName: 'Facturation',
        updatedAt: at(1),
        updatedBy: 'sup',
      };
      await store().putQueueSettings(settings);
      expect(await store().getQueueSettings('billing_fr')).toEqual(settings);
      expect((await store().listQueueSettings()).find((s) => s.queue === 'billing_fr')?.displayName).toBe('Facturation');
      const { displayName: _named, ...unnamed } = settings;
      await store().putQueueSettings({ ...unnamed, updatedAt: at(2) });
      expect((await store().getQueueSettings('billing_fr'))?.displayName).toBeUndefined();
    });

    it('masks what was written in a closed contact in one write, and forgets the contact once masked', async () => {
      const s = store();
      await s.putHandoffContact(handoffContact('puk-chat', 1, at(1), { channel: 'whatsapp', sessionKey: 'whatsapp:1:229', status: 'assigned', agent: 'awa' }));
      await s.putHandoffContact(handoffContact('other-chat', 1, at(1), { channel: 'whatsapp', sessionKey: 'whatsapp:1:228', status: 'assigned', agent: 'awa' }));
      const message = (id: string, contactId: string, text: string, extra: object = {}) => ({ id, contactId, at: at(2), from: 'agent' as const, author: 'awa', text, ...extra });
      await s.appendHandoffMessage({ ...message('m1', 'puk-chat', 'mon compte 00123456, solde 4 250 FCFA'), from: 'subscriber' });
      await s.appendHandoffMessage(message('m2', 'puk-chat', 'votre code PUK est 12345678', { pending: true }));
      await s.appendHandoffMessage(message('m3', 'puk-chat', 'Bonne journée'));
      await s.appendHandoffMessage(message('m4', 'other-chat', 'code 87654321'));
      expect(await s.updateHandoffContact('puk-chat', ['assigned'], { status: 'closed', closedAt: at(3), maskPending: true, updatedAt: at(3) })).toMatchObject({ maskPending: true });
      expect((await s.listHandoffContactsToMask(10)).map((c) => c.id)).toEqual(['puk-chat']);

      expect(await s.maskHandoffMessages('puk-chat', ['4 250 FCFA'])).toBe(2);
      expect((await s.listHandoffMessages('puk-chat')).map((m) => m.text)).toEqual(['mon compte •••, solde •••', 'votre code PUK est •••', 'Bonne journée']);
      // Only the text changes: still pending for the recovery pass, found by id.
      expect(await s.getHandoffMessage('puk-chat', 'm2')).toMatchObject({ text: 'votre code PUK est •••', pending: true, author: 'awa' });
      expect(await s.getHandoffContact('puk-chat')).not.toHaveProperty('maskPending');
      expect(await s.listHandoffContactsToMask(10)).toEqual([]);
      expect((await s.listHandoffMessages('other-chat'))[0]?.text).toBe('code 87654321');
      // Again (a pass after a stop between the two writes): nothing left to change.
      expect(await s.maskHandoffMessages('puk-chat', ['4 250 FCFA'])).toBe(0);
    });

    it('keeps the values to mask with a close for the masking pass only, and drops them once masked', async () => {
      const s = store();
      await s.putHandoffContact(handoffContact('balance-chat', 1, at(1), { channel: 'webchat', sessionKey: 'webchat:b:1', status: 'assigned', agent: 'awa' }));
      await s.appendHandoffMessage({ id: 'm1', contactId: 'balance-chat', at: at(2), from: 'agent', author: 'awa', text: 'Votre solde est de 23 517 FCFA' });
      const kept = { clear: { value: ['23517'] } };
      const closed = await s.updateHandoffContact('balance-chat', ['assigned'], { status: 'closed', closedAt: at(3), maskPending: true, maskValues: kept, updatedAt: at(3) });
      // The agent and supervisor APIs, analytics and backups read contacts: never the values.
      expect(closed).toMatchObject({ maskPending: true });
      expect(closed).not.toHaveProperty('maskValues');
      expect(await s.getHandoffContact('balance-chat')).not.toHaveProperty('maskValues');
      expect(JSON.stringify(await s.listHandoffContacts({}))).not.toContain('23517');
      expect(JSON.stringify((await s.dump()).handoff)).not.toContain('23517');
      // Not masked yet (the pass failed, or has not run): a backup masks the message with them all the same.
      expect((await s.dump()).handoff?.messages?.find((m) => m.id === 'm1')?.text).toBe('Votre solde est de ••• FCFA');
      // A change after the close keeps them.
      await s.updateHandoffContact('balance-chat', ['closed'], { updatedAt: at(4) });
      expect(await s.listHandoffContactsToMask(10)).toEqual([expect.objectContaining({ id: 'balance-chat', maskValues: kept })]);

      expect(await s.maskHandoffMessages('balance-chat', ['23517'])).toBe(1);
      expect((await s.listHandoffMessages('balance-chat')).map((m) => m.text)).toEqual(['Votre solde est de ••• FCFA']);
      expect(await s.listHandoffContactsToMask(10)).toEqual([]);
      await s.updateHandoffContact('balance-chat', ['closed'], { status: 'closed', maskPending: true, updatedAt: at(5) });
      expect(await s.listHandoffContactsToMask(10)).toEqual([expect.not.objectContaining({ maskValues: expect.anything() })]);
    });

    it('keeps canned replies by id, lists them by title and removes them', async () => {
      const greeting: CannedReply = { id: 'cr-1', title: 'Salutation', texts: { fr: 'Bonjour, je suis là pour vous aider.', en: 'Hello, I am here to help.' }, updatedAt: at(1), updatedBy: 'sup' };
      const puk: CannedReply = { id: 'cr-2', title: 'code PUK', texts: { fr: 'Votre code PUK est sur la carte SIM.' }, queues: ['support-fr', 'billing_fr'], updatedAt: at(2), updatedBy: 'sup' };
      expect(await store().listCannedReplies()).toEqual([]);
      await store().putCannedReply(greeting);
      await store().putCannedReply(puk);
      await store().putCannedReply({ ...greeting, texts: { fr: 'Bonjour !' }, updatedAt: at(3) });
      expect(await store().getCannedReply('cr-1')).toEqual({ ...greeting, texts: { fr: 'Bonjour !' }, updatedAt: at(3) });
      expect(await store().getCannedReply('cr-9')).toBeNull();
      expect((await store().listCannedReplies()).map((r) => r.title)).toEqual(['code PUK', 'Salutation']);
      // Meant for several queues, in the order the supervisor gave them.
      expect(await store().getCannedReply('cr-2')).toEqual(puk);
      expect(await store().deleteCannedReply('cr-2')).toBe(true);
      expect(await store().deleteCannedReply('cr-2')).toBe(false);
      expect(await store().listCannedReplies()).toEqual([{ ...greeting, texts: { fr: 'Bonjour !' }, updatedAt: at(3) }]);
    });
    it('keeps the bot turns after a handback until sent, lists the due ones soonest first, and lets one claimant of a due turn have it', async () => {
      const first: PendingBotTurn = { contactId: 'bt-1', sessionKey: 'whatsapp:1:2', outcome: 'done', tries: 0, nextAt: at(5), createdAt: at(1) };
      const second: PendingBotTurn = { contactId: 'bt-2', sessionKey: 'telegram:bot:3', outcome: 'callback', tries: 1, nextAt: at(3), createdAt: at(1) };
      await store().putPendingBotTurn(first);
      await store().putPendingBotTurn(second);
      await store().putPendingBotTurn({ contactId: 'bt-3', sessionKey: 'webchat:s:4', outcome: 'done', tries: 0, nextAt: at(9), createdAt: at(1) });
      expect((await store().listDueBotTurns(at(6), 10)).map((t) => t.contactId)).toEqual(['bt-2', 'bt-1']);
      expect(await store().listDueBotTurns(at(6), 1)).toEqual([second]);
      // Two instances read bt-1 due at 5: one claims it, the other is told no.
      const claims = await Promise.all([store().claimBotTurn('bt-1', at(5), at(20)), store().claimBotTurn('bt-1', at(5), at(21))]);
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      const held = claims.find((c) => c !== null)!;
      expect(held).toMatchObject({ contactId: 'bt-1', sessionKey: 'whatsapp:1:2' });
      expect(await store().getPendingBotTurn('bt-1')).toEqual(held);
      expect((await store().listDueBotTurns(at(6), 10)).map((t) => t.contactId)).toEqual(['bt-2']);
      // Once run, the turn (sealed) is kept with it.
      const ran = { ...held, turn: { clear: { value: { effects: [] } } }, tries: 1, nextAt: at(7) };
      await store().putPendingBotTurn(ran);
      expect(await store().getPendingBotTurn('bt-1')).toEqual(ran);
      await store().deletePendingBotTurn('bt-1');
      await store().deletePendingBotTurn('bt-2');
      await store().deletePendingBotTurn('bt-3');
      expect(await store().getPendingBotTurn('bt-1')).toBeNull();
      expect(await store().listDueBotTurns(at(30), 10)).toEqual([]);
    });
  });
}
