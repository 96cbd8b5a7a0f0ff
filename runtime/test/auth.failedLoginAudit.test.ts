import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../src/conversations/testSupport.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

interface Entry {
  action: string;
  actor: string;
  target: string;
  details?: Record<string, unknown>;
}

/** What a user who typed their password in the username field sent, and then their real login. */
const TYPED_PASSWORD = 'Tr0ub4dor&3-sesame';
const PASSWORD = 'correct horse battery';

/**
 * A failed login with a username that names no user is audited under a short keyed digest of
 * what was typed, never the text: it may be a password typed in the wrong field. A known
 * username keeps its user reference. Neither the audit log nor the server's log holds the text.
 */
describe('a failed login audits no username as typed', () => {
  let server: TestServer;
  const logs = captureLogs();
  let awaId: string;
  const audit = async (): Promise<Entry[]> => (await server.admin.get('/api/audit?limit=200')).body;
  const login = (username: string, password: string) => server.anonymous.post('/api/auth/login', { username, password });

  beforeAll(async () => {
    server = await startTestServer({ start: { logger: logs.logger } });
    const created = await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] });
    awaId = created.body.id;
  });
  afterAll(() => server.stop());

  it('records a password typed as the username as a digest, and the same text as the same digest', async () => {
    // Six tries: the sixth is refused by the account's limit, which is audited too.
    for (let i = 0; i < 6; i++) expect([401, 429]).toContain((await login(TYPED_PASSWORD, 'awa')).status);
    expect((await login('someone-else', 'x')).status).toBe(401);

    const entries = await audit();
    const failed = entries.filter((e) => e.action === 'auth.loginFailed');
    const targets = new Set(failed.map((e) => e.target));
    expect(targets.size).toBe(2);
    for (const target of targets) expect(target).toMatch(/^username:#[A-Za-z0-9_-]{12}$/);
    expect(failed.every((e) => e.actor === 'anonymous')).toBe(true);
    const block = entries.find((e) => e.action === 'auth.throttled');
    expect(block).toMatchObject({ actor: 'anonymous', target: failed.at(-1)!.target });

    expect(JSON.stringify(entries)).not.toContain(TYPED_PASSWORD);
    expect(JSON.stringify(entries)).not.toContain('someone-else');
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.join('')).not.toContain(TYPED_PASSWORD);
  });

  it('keeps the user reference for a known username with a wrong password', async () => {
    expect((await login('awa', TYPED_PASSWORD)).status).toBe(401);
    const failed = (await audit()).find((e) => e.action === 'auth.loginFailed');
    expect(failed).toMatchObject({ actor: 'awa', target: `user:${awaId}` });
    expect(JSON.stringify(await audit())).not.toContain(TYPED_PASSWORD);
  });
});
