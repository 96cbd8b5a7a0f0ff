import { describe, expect, it } from 'vitest';
import type { CallbackRequest, HandoffContact, QueueAnalytics, QueueFigures } from '@griot/flows';
import { isIdle, wallboardRows } from './wallboardRows.ts';

const NOW = Date.parse('2026-11-19T10:00:00.000Z');
const contact = (id: string, queue: string, status: HandoffContact['status'], enqueuedAt: string): HandoffContact => ({
  id,
  queue,
  status,
  enqueuedAt,
  priority: 999,
  channel: 'voice',
  sessionKey: `voice:${id}`,
  callerNumber: '+2290197000001',
  locale: 'fr',
  reason: '',
  context: {},
  history: [],
  preview: false,
  updatedAt: enqueuedAt,
  ...(status === 'assigned' ? { agent: 'awa', assignedAt: enqueuedAt } : {}),
});
const callback = (id: string, queue: string, status: CallbackRequest['status']): CallbackRequest => ({
  id,
  queue,
  status,
  number: '+2290197000002',
  locale: 'fr',
  reason: '',
  context: {},
  requestedAt: '2026-11-19T09:00:00.000Z',
  attempts: 0,
  updatedAt: '2026-11-19T09:00:00.000Z',
});
const day = (queue: string, f: Partial<QueueFigures>): QueueFigures => ({
  queue,
  offered: 0,
  answered: 0,
  answeredWithinThreshold: 0,
  serviceLevel: null,
  abandoned: 0,
  left: {},
  averageWaitSeconds: null,
  averageAbandonedWaitSeconds: null,
  longestWaitSeconds: null,
  callbacks: { requested: 0, taken: 0, placed: 0, answered: 0, completed: 0, failed: 0 },
  agentOutcomes: {},
  agents: [],
  ...f,
});

describe('the wallboard’s rows', () => {
  it('puts the day’s figures beside the live ones, queue by queue', () => {
    const contacts = { a: contact('a', 'support-fr', 'waiting', '2026-11-19T09:58:00.000Z'), b: contact('b', 'support-fr', 'assigned', '2026-11-19T09:50:00.000Z') };
    const today: QueueAnalytics = {
      period: { from: '2026-11-18T23:00:00.000Z', to: '2026-11-19T11:00:00.000Z' },
      filters: { traffic: ['live'] },
      serviceLevelSeconds: 20,
      series: [],
      queues: [day('support-fr', { offered: 7, answered: 5, abandoned: 1, serviceLevel: 0.6667, averageWaitSeconds: 14.5 }), day('vip', { offered: 2, answered: 2, serviceLevel: 1 })],
    };
    const rows = wallboardRows(
      { queueNames: ['support-fr', 'support-en'], queues: { 'support-fr': ['a', 'b'] }, contacts, callbacks: [callback('c1', 'support-fr', 'pending'), callback('c2', 'support-fr', 'taken')] },
      today,
      NOW,
    );
    // Busiest first (someone waiting), then the day's contacts; a queue with nothing at all last.
    expect(rows.map((r) => r.queue)).toEqual(['support-fr', 'vip', 'support-en']);
    expect(rows[0]).toEqual({ queue: 'support-fr', waiting: 1, longestWaitSeconds: 120, callbacksPending: 1, offered: 7, answered: 5, abandoned: 1, serviceLevel: 0.6667, averageWaitSeconds: 14.5 });
    // A queue with nobody now still shows its day; one with nothing today shows zeros, not blanks.
    expect(rows[1]).toMatchObject({ waiting: 0, offered: 2, serviceLevel: 1 });
    expect(rows[2]).toMatchObject({ waiting: 0, offered: 0, serviceLevel: null, averageWaitSeconds: null });
    expect(rows.map(isIdle)).toEqual([false, false, true]);
  });

  it('orders the busy queues by who waits now, how long, the callbacks to make, then the day’s contacts; the empty ones by name at the end', () => {
    const contacts = {
      a: contact('a', 'b-two-waiting', 'waiting', '2026-11-19T09:59:00.000Z'),
      b: contact('b', 'b-two-waiting', 'waiting', '2026-11-19T09:59:30.000Z'),
      c: contact('c', 'c-one-long', 'waiting', '2026-11-19T09:40:00.000Z'),
      d: contact('d', 'd-one-short', 'waiting', '2026-11-19T09:59:50.000Z'),
    };
    const today: QueueAnalytics = {
      period: { from: '2026-11-18T23:00:00.000Z', to: '2026-11-19T11:00:00.000Z' },
      filters: { traffic: ['live'] },
      serviceLevelSeconds: 20,
      series: [],
      queues: [day('f-few', { offered: 1 }), day('e-many', { offered: 9 })],
    };
    const rows = wallboardRows(
      {
        queueNames: ['a-empty', 'z-empty', 'g-callback', 'b-two-waiting', 'c-one-long', 'd-one-short'],
        queues: { 'b-two-waiting': ['a', 'b'], 'c-one-long': ['c'], 'd-one-short': ['d'] },
        contacts,
        callbacks: [callback('c1', 'g-callback', 'pending')],
      },
      today,
      NOW,
    );
    expect(rows.map((r) => r.queue)).toEqual(['b-two-waiting', 'c-one-long', 'd-one-short', 'g-callback', 'e-many', 'f-few', 'a-empty', 'z-empty']);
  });

  it('shows the live queues before the day’s figures arrive', () => {
    const rows = wallboardRows({ queueNames: ['support-fr'], queues: {}, contacts: {}, callbacks: [] }, null, NOW);
    expect(rows).toEqual([{ queue: 'support-fr', waiting: 0, longestWaitSeconds: 0, callbacksPending: 0, offered: 0, answered: 0, abandoned: 0, serviceLevel: null, averageWaitSeconds: null }]);
  });
});
