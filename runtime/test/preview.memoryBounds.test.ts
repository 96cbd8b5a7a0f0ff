import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

const FLOW = 'selfcare-1919';

/**
 * Security review (secrev12): a tester could fill the server's memory with preview fixtures
 * (150 previews of 900 kB held for the session TTL) and the store with sessions. The real
 * server, a tester with only that role, the real SQLite store: counts, not time.
 */
describe('a tester’s previews hold bounded memory and sessions', () => {
  let server: TestServer;
  let tester: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    tester = await userWithRoles(server, 'tess', ['tester']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A look-up answer weighing about `kB` kilobytes as JSON. */
  const fixtures = (kB: number) => ({ lookupSubscriber: { status: 200, body: { segment: 'regular', puk: '11112222', note: 'x'.repeat(kB * 1024) } } });
  const start = (extra: Record<string, unknown>) => tester.post('/api/preview/sessions', { flowId: FLOW, source: 'draft', channel: 'voice', callerNumber: '+229 01 97 00 00 55', ...extra });
  /** The preview sessions the store holds, ended or not. */
  function storedPreviews(): number {
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM sessions WHERE key LIKE 'preview:%'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const held = () => (server.services.conversations as unknown as { previews: { held: { previews: number; bytes: number } } }).previews.held;

  it('refuses fixtures above 256 kB with a code the designer translates, and stores nothing', async () => {
    const refused = await start({ fixtures: fixtures(900) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'preview_fixtures_too_large', field: 'fixtures', params: { maxKiB: 256 } });
    expect(storedPreviews()).toBe(0);
    expect(held().previews).toBe(0);
  });

  it('keeps a tester’s 20 latest previews: starting more ends the oldest, says so, and their sessions go', async () => {
    const ids: string[] = [];
    const ended: string[] = [];
    for (let i = 0; i < 30; i++) {
      const started = await start({ fixtures: fixtures(1) });
      expect(started.status).toBe(201);
      ids.push(started.body.id);
      ended.push(...(started.body.endedPreviews ?? []));
    }
    expect(ended).toEqual(ids.slice(0, 10));
    expect(storedPreviews()).toBe(20);
    expect(held().previews).toBe(20);
    // The oldest is over for the tester; the latest goes on.
    expect((await tester.get(`/api/preview/sessions/${ids[0]}`)).status).toBe(404);
    const going = await tester.post(`/api/preview/sessions/${ids[29]}/events`, { event: { type: 'digits', digits: '1' } });
    expect(going.status).toBe(200);
  });

  it('keeps at most 2 MB of one tester’s fixtures in memory, however many previews they start', async () => {
    for (let i = 0; i < 40; i++) expect((await start({ fixtures: fixtures(250) })).status).toBe(201);
    expect(held().bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(held().previews).toBe(8);
    expect(storedPreviews()).toBe(8);
  });
});
