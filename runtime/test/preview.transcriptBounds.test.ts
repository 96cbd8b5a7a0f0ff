import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

const FLOW = 'selfcare-1919';

/**
 * Previews' transcripts were never bounded (their sessions and fixtures are): a tester starting
 * previews in a loop filled the store. The real server and SQLite store, small bounds set by the
 * operator's variables: counts, not time.
 */
describe('the transcripts previews leave in the store', () => {
  let server: TestServer;
  let tess: ApiClient;
  let tom: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_PREVIEW_TRANSCRIPTS_PER_USER: '3', GRIOT_PREVIEW_TRANSCRIPTS_MAX: '5' } });
    tess = await userWithRoles(server, 'tess', ['tester']);
    tom = await userWithRoles(server, 'tom', ['tester']);
  });
  afterAll(() => server?.stop());

  const start = async (tester: ApiClient) => {
    const started = await tester.post('/api/preview/sessions', { flowId: FLOW, source: 'draft', channel: 'voice', callerNumber: '+229 01 97 00 00 55' });
    expect(started.status).toBe(201);
    return started.body.id as string;
  };
  /** The preview transcripts the store holds, oldest first, as `<user id>:<preview id>`. */
  function storedPreviews(): string[] {
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT session_key AS key FROM transcripts WHERE session_key LIKE 'preview:%' ORDER BY started_at, id").all() as Array<{ key: string }>;
      return rows.map((r) => r.key.slice('preview:'.length));
    } finally {
      db.close();
    }
  }
  const ids = (list: string[]) => list.map((key) => key.slice(key.lastIndexOf(':') + 1));

  it("keeps a tester's newest preview transcripts, and the newest of everyone's within the instance's bound", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push(await start(tess));
    // Each start trims after its own transcript is written: the three newest are left.
    expect(ids(storedPreviews())).toEqual(mine.slice(2));
    const his: string[] = [];
    for (let i = 0; i < 3; i++) his.push(await start(tom));
    // Six is over five: the oldest go, down to four (Tom's three and Tess's newest).
    expect(ids(storedPreviews())).toEqual([...mine.slice(4), ...his]);
  });
});
