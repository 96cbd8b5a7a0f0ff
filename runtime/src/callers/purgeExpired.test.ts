import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { callback, handoffContact } from '../store/contract/handoffContract.ts';
import { caller } from '../store/contract/fixtures.ts';
import { loadConfig } from '../config.ts';
import { purgeExpired } from './purgeExpired.ts';

const DAY = 24 * 3600_000;

describe('the retention job', () => {
  const store = new SqliteStore(':memory:');
  afterEach(() => store.close());

  it('purges what subscribers wrote to agents after GRIOT_HANDOFF_RETENTION_DAYS, profiles after GRIOT_RETENTION_DAYS', async () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    await store.putCaller(caller('+2290197000001', daysAgo(40)));
    await store.putHandoffContact(handoffContact('closed-40-days', 1, daysAgo(41), { status: 'closed', closedAt: daysAgo(40), updatedAt: daysAgo(40) }));
    await store.appendHandoffMessage({ id: 'm1', contactId: 'closed-40-days', at: daysAgo(41), from: 'subscriber', text: 'my account password is Hunter2-secret' });
    await store.putHandoffContact(handoffContact('waiting-40-days', 1, daysAgo(40)));
    await store.putCallbackRequest({ ...callback('done-40-days', daysAgo(41)), status: 'done', updatedAt: daysAgo(40) });
    await store.putCallbackRequest({ ...callback('failed-40-days', daysAgo(41)), status: 'failed', updatedAt: daysAgo(40) });

    const config = loadConfig({ GRIOT_HANDOFF_RETENTION_DAYS: '30' });
    expect(config).toMatchObject({ retentionDays: 365, handoffRetentionDays: 30 });
    expect(loadConfig({ GRIOT_RETENTION_DAYS: '90' }).handoffRetentionDays).toBe(90);
    expect(await purgeExpired(store, now, config.retentionDays, config.handoffRetentionDays)).toEqual({
      sessions: 0,
      callers: 0,
      transcripts: 0,
      handoffContacts: 1,
      handoffMessages: 1,
      callbacks: 1,
    });
    expect(await store.getCaller('+2290197000001')).not.toBeNull();
    expect(await store.listHandoffMessages('closed-40-days')).toEqual([]);
    expect((await store.listHandoffContacts({})).map((c) => c.id)).toEqual(['waiting-40-days']);
    // A failed callback can still be retried: it stays.
    expect((await store.listCallbackRequests({})).map((c) => c.id)).toEqual(['failed-40-days']);
  });
});
