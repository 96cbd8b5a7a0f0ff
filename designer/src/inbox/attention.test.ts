import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import type { OpenContact } from './serviceOrder.ts';
import { attentionCount, newAlerts, notificationText, pageTitle } from './attention.ts';

const contact = (id: string, status: 'waiting' | 'assigned', channel = 'whatsapp') =>
  ({ id, status, queue: 'support', channel, callerNumber: '+2290197000011', enqueuedAt: '', priority: 999, seq: 0 }) as unknown as OpenContact;

describe('what calls the agent from another tab', () => {
  it('counts the contacts waiting and the conversations with an unread message in the tab’s title', () => {
    const state = { contacts: { a: contact('a', 'waiting'), b: contact('b', 'assigned'), c: contact('c', 'waiting') }, unread: { b: true as const } };
    expect(attentionCount(state)).toBe(3);
    expect(pageTitle(2, 'Conseiller')).toBe('(2) Griot — Conseiller');
    expect(pageTitle(0, 'Conseiller')).toBe('Griot — Conseiller');
  });

  it('alerts a contact that starts waiting and a new unread message, not what waited when the page opened', () => {
    const empty = { contacts: {}, unread: {}, listed: false };
    const first = { contacts: { a: contact('a', 'waiting') }, unread: {}, listed: true };
    expect(newAlerts(empty, first)).toEqual([]);
    const arrived = { ...first, contacts: { ...first.contacts, b: contact('b', 'waiting', 'botframework') } };
    expect(newAlerts(first, arrived)).toEqual([{ kind: 'waiting', queue: 'support', channel: 'botframework' }]);
    const taken = { ...arrived, contacts: { ...arrived.contacts, b: contact('b', 'assigned', 'botframework') } };
    expect(newAlerts(arrived, taken)).toEqual([]);
    const message = { ...taken, unread: { b: true as const } };
    expect(newAlerts(taken, message)).toEqual([{ kind: 'message', queue: 'support', channel: 'botframework' }]);
  });

  it('counts callbacks whose time came, and alerts one that comes due after the list was read, in French, without the number', async () => {
    const fr = await testT('fr');
    const request = { id: 'cb', number: '+2290197000011', queue: 'support', status: 'pending', requestedAt: '', callAt: '' } as never;
    const read = { contacts: {}, unread: {}, listed: true, callbacks: [request], callbacksListed: true, dueCallbacks: {} };
    expect(attentionCount(read)).toBe(0);
    const due = { ...read, dueCallbacks: { cb: true as const } };
    expect(attentionCount(due)).toBe(1);
    const [alert] = newAlerts(read, due);
    expect(alert).toEqual({ kind: 'callback', queue: 'support', channel: 'voice' });
    expect(notificationText(fr, alert!)).toEqual({ title: 'Griot — rappel à faire maintenant', body: 'File support · Voix' });
    // Due already when the page read the list: counted, not alerted.
    expect(newAlerts({ ...read, callbacksListed: false }, due)).toEqual([]);
  });

  it('says the queue and the channel in the notification, never the caller’s number', async () => {
    const fr = await testT('fr');
    const text = notificationText(fr, { kind: 'waiting', queue: 'support', channel: 'whatsapp' });
    expect(text).toEqual({ title: 'Griot — nouveau contact en attente', body: 'File support · WhatsApp' });
  });

  it('names the queue by its display name and a Teams user’s client in the notification', async () => {
    const fr = await testT('fr');
    const before = { contacts: {}, unread: {}, listed: true };
    const teams = { ...contact('t', 'waiting', 'botframework'), queue: 'billing_fr', platform: 'msteams' } as OpenContact;
    const after = { ...before, contacts: { t: teams }, settings: { billing_fr: { displayName: 'Facturation' } } } as unknown as Parameters<typeof newAlerts>[1];
    const [alert] = newAlerts(before, after);
    if (!alert) throw new Error('no alert for a contact that started waiting');
    expect(notificationText(fr, alert)).toEqual({ title: 'Griot — nouveau contact en attente', body: 'File Facturation · Teams' });
  });
});
