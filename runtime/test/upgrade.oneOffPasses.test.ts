import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { migrate, migrations } from '../src/store/sqlite/migrations.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

type Line = { level: string; msg: string; event?: string; [key: string]: unknown };

/** A server on `dataDir` whose log lines (info and up) the test reads. */
async function startLogged(dataDir: string) {
  const lines: Line[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const server = await startTestServer({ dataDir, start: { logger } });
  return { server, lines, of: (event: string) => lines.filter((l) => l.event === event) };
}

/**
 * What an upgrade does once, at the first start of the new version (docs/deploy.md, "Upgrading"):
 * each such pass says in one line what it did and how long it took, so an operator rolling
 * instances knows it ran (and that a later start will not run it again).
 */
describe('the one-off passes of an upgrade, in the start log', () => {
  const running: TestServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
  });

  it('says how many contacts closed before the masking it marked, in how long, once; then that the masking pass masked them', async () => {
    const dataDir = await makeDataDir();
    // A file as the version before the masking left it: one closed contact.
    const old = new Database(join(dataDir, 'griot.db'));
    migrate(
      old,
      migrations.filter((m) => m.version < 29),
    );
    const contact = {
      id: 'closed-before',
      queue: 'support',
      priority: 1,
      enqueuedAt: '2026-12-01T10:00:00.000Z',
      channel: 'webchat',
      sessionKey: 'webchat:b:c1',
      callerNumber: '#0123456789ab',
      locale: 'fr',
      reason: 'x',
      context: {},
      history: [],
      status: 'closed',
      preview: false,
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    old
      .prepare('INSERT INTO handoff_contacts (id, queue, priority, enqueued_at, session_key, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(contact.id, contact.queue, 1, contact.enqueuedAt, contact.sessionKey, 'closed', JSON.stringify(contact));
    old.close();

    const first = await startLogged(dataDir);
    running.push(first.server);
    const [marked, ...more] = first.of('store.closedContactsMarked');
    expect(more).toEqual([]);
    expect(marked).toMatchObject({ level: 'info', contacts: 1, ms: expect.any(Number) });
    expect(marked?.msg).toMatch(/^one-off upgrade pass: 1 contact\(s\) closed before their messages were masked marked in \d+ ms/);
    await expect.poll(() => first.of('handoff.maskedLeftOver'), { timeout: 10_000 }).toEqual([expect.objectContaining({ contacts: 1, ms: expect.any(Number) })]);
    await first.server.stop({ keepData: true });
    running.length = 0;

    const again = await startLogged(dataDir);
    running.push(again.server);
    expect(again.of('store.closedContactsMarked')).toEqual([]);
  }, 60_000);

  it('says how many web chat outboxes of an older version it masked, in how long, until none is left', async () => {
    const seed = await startTestServer();
    const { dataDir } = seed;
    const at = new Date().toISOString();
    const legacy = { next: 2, entries: [{ id: 'e1', seq: 1, kind: 'push', at, key: 'agent:c1:r1', replies: [{ type: 'text', text: 'Awa : votre PUK est 80417263' }] }] };
    expect(await seed.store.channelStates.putChannelState({ key: 'webchat:outbox:b-1:conversation-1', value: legacy, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, 0, at)).toBe(true);
    await seed.stop({ keepData: true });

    const first = await startLogged(dataDir);
    running.push(first.server);
    await expect.poll(() => first.of('webchat.legacyOutboxesMasked'), { timeout: 10_000 }).toHaveLength(1);
    expect(first.of('webchat.legacyOutboxesMasked')[0]).toMatchObject({ level: 'info', outboxes: 1, read: 1, finished: false, ms: expect.any(Number) });
    expect(first.of('webchat.legacyOutboxesMasked')[0]?.msg).toMatch(/^one-off upgrade pass: 1 of 1 web chat outboxes held replies an older version wrote, masked in \d+ ms/);
    await first.server.stop({ keepData: true });
    running.length = 0;

    // The next start finds none left and says the pass is over (the mark it writes makes later starts skip it).
    const second = await startLogged(dataDir);
    running.push(second.server);
    await expect.poll(() => second.of('webchat.legacyOutboxesMasked'), { timeout: 10_000 }).toEqual([expect.objectContaining({ outboxes: 0, read: 1, finished: true })]);
  }, 60_000);
});
