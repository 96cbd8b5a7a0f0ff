import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';

/**
 * A shift's pauses over real HTTP and the real SQLite store: the agent says why they pause (from
 * the list the operator set in GRIOT_PAUSE_REASONS), the supervisor's board shows it with since
 * when and flags a pause that runs past its reason's limit; closing the last inbox page makes the
 * agent offline in 10 seconds rather than 60 while a reload keeps their pause; only an admin sets
 * a supervisor or an admin offline.
 */
const PASSWORD = 'correct horse battery';
let server: TestServer;
const cookies: Record<string, string> = {};
let awa: ApiClient;
let sena: ApiClient;

async function user(username: string, roles: string[], queues?: string[]): Promise<ApiClient> {
  expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles, ...(queues ? { queues } : {}) })).status).toBe(201);
  const answer = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  cookies[username] = answer.headers.get('set-cookie')!.split(';')[0]!;
  return apiClient(server.url, { cookie: cookies[username] });
}

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_PAUSE_REASONS: 'Pause courte=15; Formation=90 ;Réunion=45' } });
  awa = await user('awa', ['agent'], ['support-fr']);
  sena = await user('sena', ['supervisor']);
}, 60_000);
afterAll(() => server.stop());

interface Agent {
  username: string;
  state: string;
  since?: string;
  reason?: string;
  pauseLimitMinutes?: number;
  pauseTooLong?: boolean;
}
const agentOn = async (queue: string, username: string) =>
  ((await sena.get('/api/agent/supervisor')).body as Array<{ queue: string; agents: Agent[] }>).find((r) => r.queue === queue)?.agents.find((a) => a.username === username);
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('pause reasons and time in state', () => {
  it('lists the operator’s reasons; a pause says why, the board shows it with since when, and flags one that runs long', async () => {
    expect((await awa.get('/api/agent/pause-reasons')).body).toEqual([
      { label: 'Pause courte', maxMinutes: 15 },
      { label: 'Formation', maxMinutes: 90 },
      { label: 'Réunion', maxMinutes: 45 },
    ]);
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! });
    try {
      await expect.poll(async () => (await awa.get('/api/agent/presence')).body.state).toBe('available');
      const unknown = await awa.put('/api/agent/presence', { state: 'paused', reason: 'Pause déjeuner' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error).toMatchObject({ code: 'pause_reason_unknown' });
      expect((await awa.put('/api/agent/presence', { state: 'available', reason: 'Formation' })).status).toBe(422);

      // She pauses, then says why: « depuis » counts from the pause, not from the reason.
      const first = await awa.put('/api/agent/presence', { state: 'paused' });
      expect(first.body).toMatchObject({ state: 'paused' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const paused = await awa.put('/api/agent/presence', { state: 'paused', reason: 'Formation' });
      expect(paused.body).toMatchObject({ username: 'awa', state: 'paused', reason: 'Formation', since: first.body.since });
      expect((await awa.get('/api/agent/presence')).body).toMatchObject({ state: 'paused', reason: 'Formation', since: paused.body.since });
      expect(await agentOn('support-fr', 'awa')).toEqual({ username: 'awa', state: 'paused', contacts: 0, since: paused.body.since, reason: 'Formation', pauseLimitMinutes: 90, pauseTooLong: false });
      const audit = (await server.admin.get('/api/audit?action=agent.presence')).body as Array<{ actor: string; details: Record<string, unknown> }>;
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'awa', details: expect.objectContaining({ status: 'paused', reason: 'Formation' }) }));

      // 91 minutes later (her page still open), the supervisor sees it run long.
      const record = (await server.store.getAgentPresence('awa'))!;
      await server.store.setAgentPresence({ ...record, since: secondsAgo(91 * 60) });
      expect(await agentOn('support-fr', 'awa')).toMatchObject({ state: 'paused', reason: 'Formation', pauseTooLong: true });

      // Back: no reason any more; a pause without a reason still runs long past the longest reason.
      expect((await awa.put('/api/agent/presence', { state: 'available' })).body).not.toHaveProperty('reason');
      expect(await agentOn('support-fr', 'awa')).toEqual(expect.not.objectContaining({ reason: expect.anything() }));
      expect((await awa.put('/api/agent/presence', { state: 'paused' })).body).toMatchObject({ state: 'paused' });
      expect(await agentOn('support-fr', 'awa')).toMatchObject({ pauseLimitMinutes: 90, pauseTooLong: false });
    } finally {
      page.close();
    }
  });

  it('closing the last inbox page: offline 10 seconds later instead of 60, while a reload keeps the pause and its reason', async () => {
    let page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! });
    try {
      await expect.poll(async () => (await server.store.getAgentPresence('awa'))?.lastSeenAt ?? '').toBeTruthy();
      expect((await awa.put('/api/agent/presence', { state: 'paused', reason: 'Réunion' })).status).toBe(200);
      // A reload: the page says it is leaving, and the new page opens at once.
      page.close();
      expect((await awa.post('/api/agent/presence/left')).status).toBe(204);
      page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! });
      await expect.poll(async () => Date.parse((await server.store.getAgentPresence('awa'))!.lastSeenAt!)).toBeGreaterThan(Date.now() - 5000);
      expect(await agentOn('support-fr', 'awa')).toMatchObject({ state: 'paused', reason: 'Réunion' });
    } finally {
      page.close();
    }
    // The tab closed for good: still there now, offline once 10 seconds have passed (not 60).
    expect((await awa.post('/api/agent/presence/left')).status).toBe(204);
    expect(await agentOn('support-fr', 'awa')).toMatchObject({ state: 'paused' });
    const lastSeen = Date.parse((await server.store.getAgentPresence('awa'))!.lastSeenAt!);
    expect(lastSeen).toBeLessThanOrEqual(Date.now() - 49_000);
    expect(lastSeen).toBeGreaterThan(Date.now() - 55_000);
    const record = (await server.store.getAgentPresence('awa'))!;
    await server.store.setAgentPresence({ ...record, lastSeenAt: new Date(lastSeen - 11_000).toISOString() });
    expect(await agentOn('support-fr', 'awa')).toBeUndefined();
    expect((await awa.get('/api/agent/presence')).body).toMatchObject({ state: 'offline' });
    // Sent without a session, or from another site: refused like any change.
    expect((await server.anonymous.post('/api/agent/presence/left')).status).toBe(401);
    const crossSite = await fetch(`${server.url}/api/agent/presence/left`, { method: 'POST', headers: { cookie: cookies.awa!, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
  });

  it('a page still open elsewhere (another computer, or a reload’s new page seen before the old page’s word) keeps the pause past the 10 seconds', async () => {
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! });
    try {
      await expect.poll(async () => Date.parse((await server.store.getAgentPresence('awa'))?.lastSeenAt ?? '0')).toBeGreaterThan(Date.now() - 5000);
      expect((await awa.put('/api/agent/presence', { state: 'paused', reason: 'Formation' })).status).toBe(200);
      // Her other tab closes (or the old page of a reload speaks after the new one opened): this page is still open.
      expect((await awa.post('/api/agent/presence/left')).status).toBe(204);
      // It answers within seconds, well before the 10: she is seen now, not 50 seconds ago...
      await expect.poll(async () => Date.parse((await server.store.getAgentPresence('awa'))!.lastSeenAt!), { timeout: 8000, interval: 250 }).toBeGreaterThan(Date.now() - 8000);
      // ...so she never reads « Hors ligne », and her page's next heartbeat does not make her « Disponible »: still on her training.
      expect(await agentOn('support-fr', 'awa')).toMatchObject({ state: 'paused', reason: 'Formation' });
    } finally {
      page.close();
    }
  });

  it('only an admin sets a supervisor or an admin offline; a supervisor sets agents offline', async () => {
    await user('bio', ['supervisor', 'agent'], ['support-fr']);
    await user('mariam', ['admin']);
    const mariam = apiClient(server.url, { cookie: cookies.mariam! });
    for (const target of ['bio', 'mariam']) {
      const refused = await sena.put(`/api/agent/agents/${target}/presence`, { state: 'offline' });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'presence_not_yours' });
      expect(await server.store.getAgentPresence(target)).toBeNull();
    }
    expect((await mariam.put('/api/agent/agents/bio/presence', { state: 'offline' })).body).toMatchObject({ username: 'bio', state: 'offline', changedBy: 'mariam' });
    expect((await mariam.put('/api/agent/agents/sena/presence', { state: 'offline' })).body).toMatchObject({ username: 'sena', state: 'offline' });
    expect((await sena.put('/api/agent/agents/awa/presence', { state: 'offline' })).body).toMatchObject({ username: 'awa', state: 'offline', changedBy: 'sena' });
  });
});
