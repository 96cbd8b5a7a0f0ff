import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogs } from '../src/conversations/testSupport.ts';
import { apiClient } from './helpers/http.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

const MINUTE = 60_000;

/**
 * An API token's list entry says when it last opened the API, so an admin can tell a token a
 * script still uses from one nobody needs any more. A script calling every second costs no
 * store write per call: a token's use is written at most once per 10 minutes, and a failed write
 * never costs the request.
 */
describe('when an API token was last used', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function setUp() {
    const clock = { ms: Date.now() };
    const logs = captureLogs();
    const server = await startTestServer({ start: { now: () => new Date(clock.ms).toISOString(), logger: logs.logger } });
    servers.push(server);
    const awa = await userWithRoles(server, 'awa', ['viewer']);
    const created = await awa.post('/api/tokens', { name: 'nightly export' });
    expect(created.status).toBe(201);
    const script = apiClient(server.url, { token: created.body.token });
    const lastUsedAt = async (): Promise<string | undefined> => (await awa.get('/api/tokens')).body.find((t: { id: string }) => t.id === created.body.id).lastUsedAt;
    const iso = () => new Date(clock.ms).toISOString();
    return { server, clock, logs, script, lastUsedAt, iso };
  }

  it('is listed once the token is used, and written again only after 10 minutes', async () => {
    const { server, clock, script, lastUsedAt, iso } = await setUp();
    expect(await lastUsedAt()).toBeUndefined();
    const writes = vi.spyOn(server.store, 'touchToken');

    const firstUse = iso();
    expect((await script.get('/api/flows')).status).toBe(200);
    expect(await lastUsedAt()).toBe(firstUse);
    expect(writes).toHaveBeenCalledTimes(1);

    clock.ms += 5 * MINUTE;
    for (let i = 0; i < 5; i++) expect((await script.get('/api/flows')).status).toBe(200);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(await lastUsedAt()).toBe(firstUse);

    clock.ms += 5 * MINUTE;
    const later = iso();
    expect((await script.get('/api/flows')).status).toBe(200);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(await lastUsedAt()).toBe(later);
  });

  it('never refuses a request because the use could not be written, and logs it', async () => {
    const { server, logs, script, lastUsedAt } = await setUp();
    vi.spyOn(server.store, 'touchToken').mockRejectedValue(new Error('disk full'));
    expect((await script.get('/api/flows')).status).toBe(200);
    await vi.waitFor(() => expect(logs.lines.some((l) => JSON.parse(l).event === 'token.lastUsedFailed')).toBe(true));
    expect(await lastUsedAt()).toBeUndefined();
  });
});
