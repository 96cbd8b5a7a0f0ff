import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { storeContract } from './contract.ts';
import { erasedCallerContract } from './contract/erasedCallerContract.ts';
import { contentOf } from './contract/backupContract.ts';
import { fillStore } from './contract/fillStore.ts';
import { at, session, transcript, turn } from './contract/fixtures.ts';
import { SqliteStore } from './sqlite/SqliteStore.ts';
import { migrate, migrations } from './sqlite/migrations.ts';
import { existsSync } from 'node:fs';
import { openStore, storeOptionsOf } from './openStore.ts';
import { loadConfig } from '../config.ts';
import { sqliteStoredText } from './sqlite/testing/sqliteStoredText.ts';
import { sqliteCutUpload } from './sqlite/testing/sqliteCutUpload.ts';

storeContract('SQLite', async () => new SqliteStore(':memory:'), sqliteStoredText, sqliteCutUpload);

const pairDirs: string[] = [];
afterAll(() => {
  for (const dir of pairDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
erasedCallerContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'griot-store-'));
  pairDirs.push(dir);
  const path = join(dir, 'griot.db');
  const first = new SqliteStore(path);
  return [first, new SqliteStore(path)];
});

describe('SQLite file', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything when closed and opened again', async () => {
    const path = join(tempDir(), 'griot.db');
    const first = new SqliteStore(path);
    await fillStore(first);
    const before = await first.dump();
    await first.close();

    const again = new SqliteStore(path);
    expect(contentOf(await again.dump())).toEqual(contentOf(before));
    expect((await again.addVersion((await again.getVersion('hello', 1))!)).number).toBe(3);
    await again.close();
  });

  it('opens in WAL mode and applies each migration once', async () => {
    const path = join(tempDir(), 'griot.db');
    await new SqliteStore(path).close();
    await new SqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual(migrations.map((m) => m.version));
    db.close();
  });

  it('purges expired throttle counters with expired sessions', async () => {
    const path = join(tempDir(), 'griot.db');
    const store = new SqliteStore(path);
    const now = Date.parse('2026-03-02T10:00:00.000Z');
    await store.addThrottlePoints('login:old', 1, 60_000, now - 120_000, false);
    await store.addThrottlePoints('login:live', 1, 60_000, now, false);
    await store.addThrottlePoints('login:forever', 1, 0, now, false);
    await store.purgeExpiredSessions(new Date(now).toISOString());
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT key FROM throttle_counters ORDER BY key').pluck().all()).toEqual(['login:forever', 'login:live']);
    db.close();
  });

  it('brings flows of a database from before the archive into it, none of them archived', async () => {
    const path = join(tempDir(), 'griot.db');
    const old = new Database(path);
    migrate(
      old,
      migrations.filter((m) => m.version < 3),
    );
    old.prepare("INSERT INTO flows (id, name, created_at, created_by, updated_at) VALUES ('hello', 'Hello', 't0', 'alice', 't1')").run();
    old.close();

    const store = new SqliteStore(path);
    expect(await store.getFlow('hello')).toEqual({ id: 'hello', name: 'Hello', createdAt: 't0', createdBy: 'alice', updatedAt: 't1' });
    expect(await store.archiveFlow('hello', 't2', 'pat')).toMatchObject({ ok: true });
    await store.close();
  });

  it('applies a step numbered below one the file already has (changes developed side by side), never skipping it', async () => {
    const path = join(tempDir(), 'griot.db');
    const early = new Database(path);
    // A file brought up to 5 without 4 (the messaging ledger), as a build that had 3 and 5 left it.
    migrate(
      early,
      migrations.filter((m) => m.version !== 4 && m.version <= 5),
    );
    early.close();
    const store = new SqliteStore(path);
    expect(await store.messaging.recordInbound([{ id: 'whatsapp:A', channel: 'whatsapp', conversationKey: 'whatsapp:1:2', payload: null, receivedAt: '2026-03-02T10:00:00.000Z' }])).toEqual([true]);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
    db.close();
  });

  it('marks the contacts closed before the masking existed, so the masking pass masks them', async () => {
    const path = join(tempDir(), 'griot.db');
    const old = new Database(path);
    migrate(
      old,
      migrations.filter((m) => m.version < 29),
    );
    const row = old.prepare('INSERT INTO handoff_contacts (id, queue, priority, enqueued_at, session_key, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const contact = (id: string, status: string) => ({
      id,
      queue: 'support',
      priority: 1,
      enqueuedAt: at(1),
      channel: 'webchat',
      sessionKey: `webchat:b:${id}`,
      callerNumber: '#0123456789ab',
      locale: 'fr',
      reason: 'x',
      context: {},
      history: [],
      status,
      preview: false,
      updatedAt: at(1),
    });
    for (const [id, status] of [
      ['closed-before', 'closed'],
      ['still-waiting', 'waiting'],
    ] as const)
      row.run(id, 'support', 1, at(1), `webchat:b:${id}`, status, JSON.stringify(contact(id, status)));
    old.close();

    const store = new SqliteStore(path);
    expect((await store.listHandoffContactsToMask(10)).map((c) => c.id)).toEqual(['closed-before']);
    expect(await store.maskHandoffMessages('closed-before', [])).toBe(0);
    expect(await store.listHandoffContactsToMask(10)).toEqual([]);
    await store.close();
    // Once: a contact masked is not marked again at the next start.
    const again = new SqliteStore(path);
    expect(await again.listHandoffContactsToMask(10)).toEqual([]);
    await again.close();
  });

  it('refuses a database written by a newer Griot', async () => {
    const path = join(tempDir(), 'griot.db');
    await new SqliteStore(path).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00.000Z')").run();
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/schema version 999/);
  });

  it('is what openStore gives without a MongoDB URI, in a data directory it creates', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = await openStore({ dataDir });
    expect(store.kind).toBe('sqlite');
    expect((store as SqliteStore).path).toBe(join(dataDir, 'griot.db'));
    expect(await store.ping()).toBe(true);
    await store.close();
  });

  it('lives where GRIOT_SQLITE_PATH says, shared by processes with their own DATA_DIR', async () => {
    const root = tempDir();
    const shared = join(root, 'shared', 'griot.db');
    const configOf = (dataDir: string) => loadConfig({ DATA_DIR: join(root, dataDir), GRIOT_SQLITE_PATH: shared });
    expect(storeOptionsOf(configOf('a'))).toEqual({ dataDir: join(root, 'a'), sqlitePath: shared });
    const first = await openStore(storeOptionsOf(configOf('a')));
    const second = await openStore(storeOptionsOf(configOf('b')));
    await fillStore(first);
    // The other process's connection reads what the first committed: one database.
    expect((await second.listFlows()).map((f) => f.id)).toEqual((await first.listFlows()).map((f) => f.id));
    expect((second as SqliteStore).path).toBe(shared);
    await Promise.all([first.close(), second.close()]);
    // Neither DATA_DIR was needed for the store.
    expect(existsSync(join(root, 'a'))).toBe(false);
    expect(existsSync(join(root, 'b'))).toBe(false);
  });

  it('names GRIOT_SQLITE_PATH when the file cannot be kept there', async () => {
    const root = tempDir();
    await expect(openStore({ dataDir: root, sqlitePath: join('/proc', 'griot.db') })).rejects.toMatchObject({ variable: 'GRIOT_SQLITE_PATH' });
  });

  it('sees a turn another process wrote to the same file: the stale turn is refused and writes nothing', async () => {
    const path = join(tempDir(), 'griot.db');
    const [a, b] = [new SqliteStore(path), new SqliteStore(path)];
    const key = 'voice:CA1';
    const record = (expiresAt: string, turns: number, revision: number) => ({ ...session(key, expiresAt, turns), revision });
    expect(await a.saveTurn({ session: record(at(30), 1, 0), turn: turn(1), newTranscript: { ...transcript(key, '+2290197000001', at(0)) } })).toEqual({ ok: true, revision: 1 });
    // Both processes read revision 1; a's turn commits first (its group commit ends its write transaction).
    expect((await b.getSession(key, at(1)))?.revision).toBe(1);
    expect(await a.saveTurn({ session: record(at(31), 2, 1), turn: turn(2) })).toEqual({ ok: true, revision: 2 });
    // b's write transaction starts after that commit and sees it: refused before b answers its channel.
    expect(await b.saveTurn({ session: record(at(32), 2, 1), turn: turn(3) })).toEqual({ ok: false, reason: 'conflict' });
    expect((await b.getTranscript(key))?.turns).toEqual([turn(1), turn(2)]);
    await Promise.all([a.close(), b.close()]);
  });
});
