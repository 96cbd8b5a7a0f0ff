import { describe, expect, it } from 'vitest';
import type { Binding, TesterRoute } from '../store/types.ts';
import { readableTestNumbers } from './testNumbers.ts';

const binding = (id: string, testers: TesterRoute[]): Binding => ({
  id,
  channel: 'voice',
  address: id,
  flowId: 'selfcare',
  environment: 'production',
  testers,
  settings: {},
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
});

describe('the test numbers whose test calls a user reads', () => {
  it("lists an admin's numbers from any time, her own confirmed phone from its earliest confirmation, never a pending one nor another user's", () => {
    const bindings = [
      binding('b1', [
        { number: '+2290197000001' },
        { number: '+2290166000001', addedBy: 'awa', confirmedBy: 'ada', confirmedAt: '2026-12-03T10:00:00.000Z' },
        { number: '+2290166000002', addedBy: 'awa' },
        { number: '+2290166000003', addedBy: 'kofi', confirmedBy: 'ada', confirmedAt: '2026-12-02T10:00:00.000Z' },
      ]),
      binding('b2', [
        { number: '+2290166000001', addedBy: 'awa', confirmedBy: 'ada', confirmedAt: '2026-12-02T09:00:00.000Z' },
        // Her own phone that an admin also listed on another line: an admin's number.
        { number: '+2290166000004', addedBy: 'awa', confirmedBy: 'ada', confirmedAt: '2026-12-04T09:00:00.000Z' },
        { number: '+2290166000004' },
      ]),
    ];
    expect(readableTestNumbers(bindings, 'awa')).toEqual([{ number: '+2290197000001' }, { number: '+2290166000001', since: '2026-12-02T09:00:00.000Z' }, { number: '+2290166000004' }]);
    expect(readableTestNumbers(bindings, 'kofi')).toEqual([{ number: '+2290197000001' }, { number: '+2290166000003', since: '2026-12-02T10:00:00.000Z' }, { number: '+2290166000004' }]);
  });
});
