import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../contract/fixtures.ts';
import { handoffContact } from '../contract/handoffContract.ts';
import { SqliteStore } from './SqliteStore.ts';
import { walBytesOf } from './walCheckpointer.ts';

/** A WhatsApp profile name, as `contacts[].profile.name` brings it: account data. */
const NAME = 'Adjoa Mensah-Kpodo';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Which of the store's files on disk hold these bytes. */
async function filesHolding(path: string, bytes: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of [path, `${path}-wal`]) if (existsSync(file) && (await readFile(file)).includes(bytes)) found.push(file.slice(dir.length + 1));
  return found;
}

/**
 * A subscriber who stops answering on WhatsApp: their live session holds their profile name
 * (`callerName`) and no sensitive value in clear. It expires without an end; the sessions job
 * purges it. The name must leave the store's files then, the WAL's old frames included, as a
 * PUK does (`heldClearValues`): before daily32 only a clear sensitive value had the log emptied,
 * so the name stayed in `griot.db-wal` until overwritten (on an idle server, for good).
 */
describe('SQLite: a WhatsApp profile name on a session that expires without an end', () => {
  it('is in no file a few seconds after the purge', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-name-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    try {
      const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
      const live = { ...session('whatsapp:123:22901970000077', expiresAt), callerName: NAME };
      // Two turns, the second after the subscriber's last answer: then nothing.
      await store.putSession(live);
      await store.putSession({ ...live, updatedAt: new Date().toISOString() });
      expect(await filesHolding(path, NAME)).not.toEqual([]);
      expect(await store.purgeExpiredSessions(new Date(Date.now() + 120 * 60_000).toISOString())).toBe(1);
      await expect.poll(() => filesHolding(path, NAME), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

/**
 * The same name on the contact handed to agents: the close takes it off (HandoffService's close patch,
 * `callerName: undefined`), and the contact's earlier writes (its hand-over, the name a later message brought, its
 * assignment) left it in the WAL's frames. Its session may have ended long before (its own end emptied the log
 * then), and a close masks no message when the conversation held no sensitive value: nothing emptied the log, so
 * the name stayed in `griot.db-wal` until overwritten (on an idle server, for good).
 */
describe('SQLite: a WhatsApp profile name on a contact with agents that closes', () => {
  it('is in no file a few seconds after the close', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-name-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    try {
      const now = new Date().toISOString();
      const contact = handoffContact('c1', 1, now, { channel: 'whatsapp', sessionKey: 'whatsapp:123:22901970000077', callerNumber: '+22901970000077', callerName: NAME });
      await store.putHandoffContact(contact);
      expect(await store.updateHandoffContact('c1', ['waiting'], { status: 'assigned', agent: 'afi', updatedAt: now })).not.toBeNull();
      expect(await filesHolding(path, NAME)).not.toEqual([]);
      const closed = await store.updateHandoffContact('c1', ['assigned'], { status: 'closed', closedAt: now, maskPending: true, callerName: undefined, updatedAt: now });
      expect(closed).not.toHaveProperty('callerName');
      await expect.poll(() => filesHolding(path, NAME), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

/**
 * Two instances on one file: the one the subscriber wrote to holds the name, the one the sessions job runs on (its
 * lease) purges the expired session. Before rev32c only the process that had seen a clear value emptied the log
 * (`heldClearValues` is its own), so the purging one left the name in `griot.db-wal`.
 */
describe('SQLite: a WhatsApp profile name purged by another instance on the file', () => {
  it('is in no file a few seconds after the purge', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-name-'));
    const path = join(dir, 'griot.db');
    const answering = new SqliteStore(path);
    const purging = new SqliteStore(path);
    try {
      // The second one opened on the first's log and empties it (a log left behind): that done, the instances write.
      await expect.poll(() => walBytesOf(path), { timeout: 10_000, interval: 100 }).toBe(0);
      const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
      const live = { ...session('whatsapp:123:22901970000077', expiresAt), callerName: NAME };
      // Two turns, the second after the subscriber's last answer: then nothing.
      await answering.putSession(live);
      await answering.putSession({ ...live, updatedAt: new Date().toISOString() });
      expect(await filesHolding(path, NAME)).not.toEqual([]);
      expect(await purging.purgeExpiredSessions(new Date(Date.now() + 120 * 60_000).toISOString())).toBe(1);
      await expect.poll(() => filesHolding(path, NAME), { timeout: 20_000, interval: 100 }).toEqual([]);
    } finally {
      await purging.close();
      await answering.close();
    }
  });
});
