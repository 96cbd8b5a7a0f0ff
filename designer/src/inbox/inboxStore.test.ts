import { describe, expect, it } from 'vitest';
import type { BoardContact, HandoffContact, QueueSettings } from '@griot/flows';
import { createInboxStore } from './inboxStore.ts';
import { queueFigures } from './queueFigures.ts';
import { byServiceOrder } from './serviceOrder.ts';

const at = (s: number) => `2026-11-20T10:00:${String(s).padStart(2, '0')}.000Z`;
const contact = (id: string, priority: number, s: number, extra: Partial<HandoffContact> = {}): HandoffContact => ({
  id,
  queue: 'q',
  priority,
  enqueuedAt: at(s),
  updatedAt: at(s),
  status: 'waiting',
  callerNumber: id,
  channel: 'voice',
  sessionKey: `voice:${id}`,
  locale: 'fr',
  reason: 'r',
  context: {},
  history: [],
  preview: false,
  ...extra,
});
const listed = (c: HandoffContact): BoardContact => ({ ...c, waitSeconds: 0, callbackDue: false });
const settings = (queue: string): QueueSettings => ({ queue, callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [], updatedAt: at(0), updatedBy: 'default' });

describe('the inbox store', () => {
  it('keeps its queues in service order as changes arrive, whatever order the answers come back in', () => {
    const store = createInboxStore();
    const s = () => store.getState();
    const ids = (queue = 'q') => s().queues[queue];
    s().beginListing();
    // While the listing is read, an agent takes "a": the (older) listing must not undo it.
    s().upsert(contact('a', 999, 1, { status: 'assigned', agent: 'awa', updatedAt: at(10) }));
    s().applyListing([
      {
        queue: 'q',
        settings: settings('q'),
        contacts: [contact('vip', 1, 5), contact('a', 999, 1), contact('b', 999, 3)].map(listed),
        waiting: 3,
        longestWaitSeconds: 0,
        agentsBusy: [],
        callbacksPending: 0,
      },
    ]);
    expect(ids()).toEqual(['vip', 'b', 'a']);
    // A late answer about "a" (older than what is known) changes nothing.
    s().upsert(contact('a', 999, 1, { updatedAt: at(2) }));
    expect(ids()).toEqual(['vip', 'b', 'a']);
    // A closed contact never comes back.
    s().remove('b');
    s().upsert(contact('b', 999, 3, { updatedAt: at(20) }));
    expect(ids()).toEqual(['vip', 'a']);
    // Same priority and arrival: first seen first.
    s().upsert(contact('c', 999, 30));
    s().upsert(contact('d', 999, 30));
    expect(ids()).toEqual(['vip', 'c', 'd', 'a']);
    // A transfer moves it to the other queue; the first stays listed (at zero once empty).
    s().upsert(contact('c', 999, 30, { queue: 'r', updatedAt: at(31) }));
    expect([ids('q'), ids('r')]).toEqual([['vip', 'd', 'a'], ['c']]);
    expect(s().queueNames).toEqual(['q', 'r']);
    const contacts = ids()!.map((id) => s().contacts[id]!);
    expect(queueFigures(contacts, s().callbacks, 'q', Date.parse(at(40)))).toEqual({ waiting: 2, longestWaitSeconds: 35, agentsBusy: ['awa'], callbacksPending: 0 });
  });

  it('redraws only the queue a change touches', () => {
    const store = createInboxStore();
    const s = () => store.getState();
    s().upsert(contact('a', 999, 1));
    s().upsert(contact('b', 999, 2, { queue: 'r' }));
    const r = s().queues.r;
    s().upsert(contact('c', 999, 3));
    expect(s().queues.r).toBe(r);
    expect(s().queues.q).toEqual(['a', 'c']);
  });

  it('puts each change at its place in a long queue, as a full sort of the same contacts would', () => {
    const store = createInboxStore();
    const s = () => store.getState();
    // A fixed pseudo-random walk: arrivals, VIPs, takes, priority changes, transfers and closings.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const seen: string[] = [];
    for (let step = 0; step < 600; step += 1) {
      const kind = next(6);
      const known = seen.length ? seen[next(seen.length)]! : undefined;
      const current = known ? s().contacts[known] : undefined;
      const update = { updatedAt: `2026-11-20T11:${String(Math.floor(step / 60)).padStart(2, '0')}:${String(step % 60).padStart(2, '0')}.000Z` };
      if (kind < 3 || !current) {
        const id = `c${step}`;
        seen.push(id);
        s().upsert(contact(id, next(4) === 0 ? 1 + next(3) : 999, next(50), { queue: next(5) === 0 ? 'r' : 'q' }));
      } else if (kind === 3) s().upsert({ ...current, ...update, status: current.status === 'waiting' ? 'assigned' : 'waiting', agent: 'awa' });
      else if (kind === 4) s().upsert({ ...current, ...update, priority: 1 + next(999), queue: next(3) === 0 ? 'r' : current.queue });
      else s().remove(current.id);
    }
    for (const queue of ['q', 'r']) {
      const listed = s().queues[queue]!;
      const open = Object.values(s().contacts).filter((c) => c.queue === queue);
      expect(listed.length).toBeGreaterThan(20);
      expect(listed).toEqual([...open].sort(byServiceOrder).map((c) => c.id));
    }
  });

  it('keeps a queue once seen, and those with settings or pending callbacks', () => {
    const store = createInboxStore();
    const s = () => store.getState();
    s().upsert(contact('a', 999, 1, { queue: 'sales' }));
    s().remove('a');
    s().setSettings(settings('support-fr'));
    s().setCallbacks([{ id: 'cb', number: '+229', queue: 'support-en', locale: 'en', reason: 'r', context: {}, requestedAt: at(1), status: 'pending', attempts: 0, updatedAt: at(1) }]);
    expect(s().queueNames).toEqual(['sales', 'support-en', 'support-fr']);
  });

  it('shows the newest details of the open contact only, and clears its unread mark', () => {
    const store = createInboxStore();
    const s = () => store.getState();
    s().upsert(contact('a', 999, 1));
    s().markUnread('a');
    s().show('a');
    expect(s().unread).toEqual({});
    s().detailsRead({ contact: contact('a', 999, 1, { updatedAt: at(9) }), botTurns: [], messages: [] });
    s().detailsRead({ contact: contact('a', 999, 1, { updatedAt: at(5) }), botTurns: [], messages: [] });
    s().detailsRead({ contact: contact('other', 999, 1, { updatedAt: at(50) }), botTurns: [], messages: [] });
    expect(s().open?.details?.contact.updatedAt).toBe(at(9));
  });
});
