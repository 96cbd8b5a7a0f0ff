import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/** What a user who typed their password in the username field sent. */
const TYPED_PASSWORD = 'Summer2026!';
const PASSWORD = 'correct horse battery';
const ADDRESS = '127.0.0.5';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The login counters name an account by a keyed digest of what was typed: a weak password
 * typed in the username field cannot be found again by hashing a list of common passwords
 * and looking for the digest among the counters' keys.
 */
describe('login throttle counters keep no guessable digest of the typed username', () => {
  let server: TestServer;
  /** Every throttle counter's key, read from the database file on another connection. */
  const counterKeys = (): string[] => {
    const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare<[], { key: string }>('SELECT key FROM throttle_counters')
        .all()
        .map((row) => row.key);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] });
  });
  afterAll(() => server.stop());

  it('throttles a password typed as the username without keeping its SHA-256 or its text', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await loginFrom(ADDRESS, server.url, TYPED_PASSWORD, 'awa')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const keys = counterKeys();
    expect(keys.filter((k) => k.startsWith('login:acct:')).length).toBeGreaterThan(0);
    const stored = keys.join('\n');
    expect(stored).not.toContain(sha256(TYPED_PASSWORD));
    expect(stored).not.toContain(TYPED_PASSWORD);
  });

  it("still blocks a real account, and an admin's reset lifts its block", async () => {
    for (let i = 0; i < 5; i++) expect((await loginFrom(ADDRESS, server.url, 'awa', `wrong-${i}`)).status).toBe(401);
    expect((await loginFrom(ADDRESS, server.url, 'awa', PASSWORD)).status).toBe(429);
    expect(counterKeys().join('\n')).not.toContain(sha256('awa'));

    const awa = (await server.admin.get('/api/users')).body.find((u: { username: string }) => u.username === 'awa');
    const reset = await server.admin.post(`/api/users/${awa.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    expect((await loginFrom(ADDRESS, server.url, 'awa', reset.body.password)).status).toBe(200);
  });
});
