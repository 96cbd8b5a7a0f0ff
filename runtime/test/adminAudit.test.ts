import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testFlow } from './fixtures/testFlow.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

type Entry = { id: string; at: string; actor: string; action: string; target: string; details?: Record<string, unknown> };

/** The audit log screen's API on the real server and SQLite: filters, pages, CSV, and who may read it. */
describe('the audit log for admins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const awa = await userWithRoles(server, 'awa', ['admin']);
    expect((await awa.post('/api/flows', { document: testFlow({ id: 'f1919', name: '=HYPERLINK("http://evil")' }) })).status).toBe(201);
    expect((await awa.post('/api/flows/f1919/publish', { message: 'v1' })).status).toBe(201);
    expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'other' }) })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('filters by user, action and flow, newest first', async () => {
    const byAwa: Entry[] = (await server.admin.get('/api/audit?actor=awa')).body;
    expect(byAwa.map((e) => e.action)).toEqual(['flow.publish', 'flow.create', 'auth.login']);
    const publications: Entry[] = (await server.admin.get('/api/audit?action=flow.publish')).body;
    expect(publications.map((e) => [e.actor, e.target])).toEqual([['awa', 'flow:f1919']]);
    const onOther: Entry[] = (await server.admin.get('/api/audit?target=flow:other')).body;
    expect(onOther.map((e) => e.action)).toEqual(['flow.create']);
  });

  it('pages on from the last entry without losing or repeating one, and filters by period', async () => {
    const all: Entry[] = (await server.admin.get('/api/audit?limit=1000')).body;
    expect(all.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let before = '';
    // Bounded: a server that ignored `before` would answer the first page forever.
    for (let pages = 0; pages <= all.length; pages++) {
      const page: Entry[] = (await server.admin.get(`/api/audit?limit=2${before ? `&before=${before}` : ''}`)).body;
      seen.push(...page.map((e) => e.id));
      if (page.length < 2) break;
      before = page.at(-1)!.id;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    const at = all[1]!.at;
    const since: Entry[] = (await server.admin.get(`/api/audit?from=${encodeURIComponent(at)}`)).body;
    expect(since.every((e) => e.at >= at)).toBe(true);
    expect((await server.admin.get(`/api/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`)).body.error.code).toBe('invalid_period');
  });

  it('refuses hostile filters with a clear error', async () => {
    for (const query of ['limit=100000', 'limit=-1', 'from=yesterday', `actor=${'a'.repeat(500)}`, 'format=xml']) {
      const answer = await server.admin.get(`/api/audit?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_query');
    }
    expect((await server.admin.get('/api/audit?before=no-such-entry')).body).toEqual([]);
  });

  it('exports CSV whose cells never run as spreadsheet formulas', async () => {
    const answer = await server.admin.call('GET', '/api/audit?format=csv&target=flow:f1919');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    const text = String(answer.body);
    expect(text.split('\n')[0]).toBe('at,actor,action,target,hash_before,hash_after,details');
    expect(text).toContain('flow.publish');
    // The flow's name travels in the details; a cell never starts with =.
    expect(text).not.toMatch(/(^|,)"?=/m);
  });

  it('is for admins only: a supervisor, an editor and a stranger are refused', async () => {
    const supervisor = await userWithRoles(server, 'sena', ['supervisor']);
    const editor = await userWithRoles(server, 'kofi', ['editor', 'publisher']);
    expect((await supervisor.get('/api/audit')).status).toBe(403);
    expect((await editor.get('/api/audit')).status).toBe(403);
    expect((await server.anonymous.get('/api/audit')).status).toBe(401);
  });

  it('never shows a password, even one a login attempt typed as a username', async () => {
    await server.anonymous.post('/api/auth/login', { username: 'awa', password: 'the-wrong-secret-1' });
    const text = JSON.stringify((await server.admin.get('/api/audit?limit=1000')).body);
    expect(text).not.toContain('the-wrong-secret-1');
    expect(text).not.toContain('correct horse battery');
    expect(text).not.toContain('passwordHash');
  });
});
