import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Security review 16: a supervisor could save settings for any number of queues with names of
 * any length (2,000 of 8,000 characters made every agent's transfer menu 16 MB). A queue's name
 * now follows one rule wherever it comes in (settings, transfer, a user's assignment, a canned
 * reply), and the configured queues are capped.
 */
let server: TestServer;
let sena: ApiClient;
let awa: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  awa = await userWithRoles(server, 'awa', ['agent']);
}, 60_000);
afterAll(() => server.stop());

const settings = { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };
const putSettings = (queue: string) => sena.put(`/api/agent/queues/${encodeURIComponent(queue)}/settings`, settings);

describe('queue names', () => {
  it('refuses a queue name past 200 characters or with a control character, wherever it comes in', async () => {
    expect((await putSettings('q'.repeat(200))).status).toBe(200);
    for (const bad of ['q'.repeat(201), 'support\nfr', 'support\u0007', '   ']) {
      const answer = await putSettings(bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.error.code).toBe('invalid_queue');
    }
    expect(((await awa.get('/api/agent/transfer-queues')).body.queues as string[]).map((q) => q.length)).toEqual([200]);

    // A user's assignment, a transfer and a canned reply follow the same rule.
    const created = await server.admin.post('/api/users', { username: 'kofi', password: 'correct horse battery', roles: ['agent'], queues: ['support\tfr'] });
    expect(created.status).toBe(400);
    expect((await awa.post('/api/agent/contacts/c1/transfer', { queue: 'support\r\nfr' })).status).toBe(400);
    expect((await sena.post('/api/agent/canned-replies', { title: 'Bonjour', texts: { fr: 'Bonjour' }, queues: ['support\u0000'] })).status).toBe(400);
  });

  it('caps the configured queues at 500: 409 queues_full for a new one, an existing one is still saved', { timeout: 30_000 }, async () => {
    const existing = (await server.store.listQueueSettings()).length;
    const stamp = { updatedAt: new Date().toISOString(), updatedBy: 'sena' };
    for (let i = existing; i < 500; i++) await server.store.putQueueSettings({ queue: `queue-${i}`, ...settings, ...stamp } as never);
    const refused = await putSettings('one-too-many');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'queues_full', params: { limit: 500 } } });
    expect((await putSettings('queue-499')).status).toBe(200);
    expect((await awa.get('/api/agent/transfer-queues')).body.queues).not.toContain('one-too-many');

    // A queue's settings removed (a supervisor's, not an agent's): its place is free for a new queue.
    const remove = (client: ApiClient, queue: string) => client.delete(`/api/agent/queues/${encodeURIComponent(queue)}/settings`);
    expect((await remove(awa, 'queue-499')).status).toBe(403);
    expect((await remove(sena, 'never-configured')).status).toBe(404);
    expect((await remove(sena, 'support\u0007')).status).toBe(400);
    expect((await remove(sena, 'queue-499')).status).toBe(204);
    expect(await server.store.getQueueSettings('queue-499')).toBeNull();
    expect((await awa.get('/api/agent/transfer-queues')).body.queues).not.toContain('queue-499');
    expect((await putSettings('one-too-many')).status).toBe(200);
    expect((await putSettings('two-too-many')).status).toBe(409);
  });
});
