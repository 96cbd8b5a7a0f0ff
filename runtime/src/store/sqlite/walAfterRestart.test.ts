import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallerRecords } from '../../callers/CallerRecords.ts';
import { at, session, transcript } from '../contract/fixtures.ts';
import { openDatabase } from './openDatabase.ts';
import { SqliteStore } from './SqliteStore.ts';

const NUMBER = '+2290197000001';
const PUK = '80417263';
const soon = new Date(Date.now() + 30 * 60_000).toISOString();
const later = new Date(Date.now() + 120 * 60_000).toISOString();

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Which of the store's files on disk hold these bytes. */
async function filesHolding(path: string, bytes: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of [path, `${path}-wal`]) if (existsSync(file) && (await readFile(file)).includes(bytes)) found.push(file.slice(dir.length + 1));
  return found;
}

/**
 * The checkpoint thread starts lazily (rss28): at a contact's write of this process, a truncation
 * asked for, or a WAL past 2 MiB. What a previous run left on disk must still go when the next run
 * erases it before any contact of its own has written.
 */
describe('SQLite values a previous run left, erased by the next before its first contact', () => {
  it('an expired session that held a PUK in clear, purged after a restart: in no file a few seconds later', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-restart-'));
    const path = join(dir, 'griot.db');
    const first = new SqliteStore(path);
    // A caller who never came back (a USSD session dropped without an end notice): the server is restarted meanwhile.
    await first.putSession({ ...session('voice:CA-left', soon), sensitive: { clear: { puk: PUK } } });
    await first.close();
    expect(await filesHolding(path, PUK)).toEqual(['griot.db']);

    const next = new SqliteStore(path);
    try {
      expect(await next.purgeExpiredSessions(later)).toBe(1);
      // The rewritten pages (zeroed: secure_delete) must reach the file over the old ones, as they did when the thread started with the server.
      await expect.poll(() => filesHolding(path, PUK), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it('a caller’s conversations erased after a restart: in no file a few seconds later', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-restart-'));
    const path = join(dir, 'griot.db');
    const first = new SqliteStore(path);
    const key = 'voice:CA-erased';
    await first.startTranscript(transcript(key, NUMBER, at(1)));
    await first.appendTurn(key, { at: at(2), input: { type: 'speech', text: `my account is ${PUK}` }, prompts: ['Thank you'], nodes: ['menu'], effects: ['say'], durationMs: 1 });
    await first.close();
    expect(await filesHolding(path, PUK)).toEqual(['griot.db']);

    const next = new SqliteStore(path);
    try {
      // An operator erases the caller (the right to erasure), as `DELETE /api/callers/:number` does.
      await new CallerRecords({ store: next, defaultRegion: 'BJ' }).erase(NUMBER, 'alice');
      expect(await next.getTranscript(key)).toBeNull();
      await expect.poll(() => filesHolding(path, PUK), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it('a message an earlier run kept in clear, settled (given up) by the next: in no file a few seconds later', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-restart-'));
    const path = join(dir, 'griot.db');
    const first = new SqliteStore(path);
    const lease = { owner: 'host-a:1', until: later };
    await first.messaging.recordInbound([{ id: 'whatsapp:A', channel: 'whatsapp', conversationKey: 'whatsapp:1:2', payload: { text: `my PUK is ${PUK}` }, receivedAt: at(1), lease }]);
    await first.close();
    expect(await filesHolding(path, PUK)).toEqual(['griot.db']);

    const next = new SqliteStore(path);
    try {
      expect(await next.messaging.settleInbound('whatsapp:A', 'host-a:1', { state: 'failed', at: at(2), expiresAt: later, error: 'given up' })).toBe(true);
      await expect.poll(() => filesHolding(path, PUK), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await next.close();
    }
  });

  it('a process that died before the WAL was truncated: the next start empties it within seconds, idle', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-wal-crash-'));
    const path = join(dir, 'griot.db');
    // A contact read its PUK and ended; the process died within the second before the truncation.
    const db = openDatabase(path);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE IF NOT EXISTS leftover (v TEXT)');
    db.prepare('INSERT INTO leftover VALUES (?)').run(`Your PUK code is ${PUK}`);
    db.prepare('UPDATE leftover SET v = ?').run('ended');
    // What a crash leaves on disk: the files as they are, the WAL not checkpointed.
    const crashed = join(dir, 'crashed.db');
    await copyFile(path, crashed);
    await copyFile(`${path}-wal`, `${crashed}-wal`);
    db.close();
    expect((await readFile(`${crashed}-wal`)).includes(PUK)).toBe(true);

    const next = new SqliteStore(crashed);
    try {
      await expect.poll(() => filesHolding(crashed, PUK), { timeout: 10_000, interval: 100 }).toEqual([]);
    } finally {
      await next.close();
    }
  });
});
