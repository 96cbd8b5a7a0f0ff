import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/openStore.ts';
import type { Store } from '../src/store/types.ts';
import { apiClient } from './helpers/http.ts';
import { openEventStream, type StreamEvent } from './helpers/eventStream.ts';
import { startTwoInstances, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * A callback promised for a time: when that time comes, the inboxes on both instances hear of it
 * (a `callback` event, status `due`), with no page reloaded and nothing else happening — whichever
 * instance runs the job. The agent app then calls the agent as for a new contact.
 */
let pair: TwoInstances;
let store: Store;

beforeAll(async () => {
  pair = await startTwoInstances({ env: { GRIOT_JOB_LEASE_SECONDS: '3' } });
  store = await openStore({ dataDir: pair.a.dataDir, sqlitePath: pair.sqlitePath });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await pair?.stop();
});

async function inboxOn(url: string, cookie: string) {
  const stream = await openEventStream(`${url}/api/agent/events`, { cookie });
  const events: StreamEvent[] = [];
  void (async () => {
    try {
      for (let event = await stream.next(); event !== 'ended'; event = await stream.next()) events.push(event);
    } catch {
      // Aborted.
    }
  })();
  return { events, close: stream.close };
}

describe('a callback whose promised time comes', () => {
  it('is told to the inboxes of both instances at that time, without any reload', { timeout: 60_000 }, async () => {
    const password = 'correct horse battery';
    expect((await pair.a.admin.post('/api/users', { username: 'awa', password, roles: ['agent'] })).status).toBe(201);
    const login = await apiClient(pair.a.url).post('/api/auth/login', { username: 'awa', password });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const inboxes = [await inboxOn(pair.a.url, cookie), await inboxOn(pair.b.url, cookie)];
    try {
      const now = Date.now();
      const callAt = new Date(now + 4_000).toISOString();
      await store.putCallbackRequest({
        id: 'cb-due',
        number: '+2290197000041',
        queue: 'support-fr',
        locale: 'fr',
        reason: "Demande d'assistance",
        context: {},
        requestedAt: new Date(now).toISOString(),
        status: 'pending',
        attempts: 0,
        callAt,
        updatedAt: new Date(now).toISOString(),
      });
      const dueOn = (i: number) => inboxes[i]!.events.find((e) => e.data?.type === 'callback' && e.data.id === 'cb-due' && e.data.status === 'due')?.data;
      for (const i of [0, 1]) await expect.poll(() => dueOn(i), { timeout: 30_000, interval: 200 }).toMatchObject({ type: 'callback', id: 'cb-due', queue: 'support-fr', status: 'due' });
      // Told when its time came, not before.
      for (const i of [0, 1]) expect(Date.parse(dueOn(i).at)).toBeGreaterThanOrEqual(Date.parse(callAt));
    } finally {
      for (const inbox of inboxes) inbox.close();
    }
  });
});
