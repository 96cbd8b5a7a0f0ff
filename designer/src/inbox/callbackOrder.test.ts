import { describe, expect, it } from 'vitest';
import { callbacksByWhen } from './callbackOrder.ts';

const now = Date.parse('2026-12-04T15:00:00Z');
const request = (id: string, requestedAt: string, callAt?: string, status: 'pending' | 'taken' | 'failed' | 'done' = 'pending') => ({ id, requestedAt, status, ...(callAt ? { callAt } : {}) });

describe('the agents’ callback list', () => {
  it('is ordered by when to call (the time promised, else the request’s), and marks the pending ones whose time has come', () => {
    const list = callbacksByWhen(
      [
        request('tomorrow', '2026-12-04T09:00:00Z', '2026-12-05T08:00:00Z'),
        request('asap-old', '2026-12-04T10:00:00Z'),
        request('at-14h', '2026-12-04T08:00:00Z', '2026-12-04T14:00:00Z'),
        request('at-16h', '2026-12-04T07:00:00Z', '2026-12-04T16:00:00Z'),
        request('taken', '2026-12-04T11:00:00Z', undefined, 'taken'),
        request('asap-new', '2026-12-04T14:59:00Z'),
      ],
      now,
    );
    expect(list.map((c) => c.request.id)).toEqual(['asap-old', 'taken', 'at-14h', 'asap-new', 'at-16h', 'tomorrow']);
    expect(list.filter((c) => c.due).map((c) => c.request.id)).toEqual(['asap-old', 'at-14h', 'asap-new']);
  });
});
