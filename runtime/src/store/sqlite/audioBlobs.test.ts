import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toneWav } from '../../audio/toneWav.ts';
import { backupCommand } from '../../cli/backupCommand.ts';
import { restoreBackup } from '../../cli/restoreCommand.ts';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';
import { at, draft, flowRecord } from '../contract/fixtures.ts';
import { migrate, migrations } from './migrations.ts';
import { SqliteStore } from './SqliteStore.ts';
import type { StoredAudio } from '../types.ts';

/**
 * Recorded prompts stored by content (migration 35): the same bytes are stored once whatever the
 * flows that name them, a blob goes with the last row naming it (whatever deleted the row), and a
 * file written before keeps its recordings through the migration.
 */
describe('recorded prompts stored by content on SQLite', () => {
  const opened: SqliteStore[] = [];
  const raw: Database.Database[] = [];
  let dir = '';
  const path = () => join(dir, 'griot.db');
  const open = (file = path()) => {
    const store = new SqliteStore(file);
    opened.push(store);
    return store;
  };
  /** A second connection on the file: what any process reading it sees. */
  const look = (file = path()) => {
    const db = new Database(file, { readonly: true });
    raw.push(db);
    return db;
  };
  const counts = (db: Database.Database) => ({
    rows: db.prepare('SELECT count(*) FROM audio').pluck().get(),
    blobs: db.prepare('SELECT count(*) FROM audio_blobs').pluck().get(),
    orphanBlobs: db.prepare('SELECT count(*) FROM audio_blobs b WHERE NOT EXISTS (SELECT 1 FROM audio a WHERE a.sha256 = b.sha256)').pluck().get(),
    rowsWithoutBytes: db.prepare('SELECT count(*) FROM audio a WHERE NOT EXISTS (SELECT 1 FROM audio_blobs b WHERE b.sha256 = a.sha256)').pluck().get(),
  });
  type OldRow = Omit<StoredAudio, 'takeOf' | 'unnamedSince'> & { content: Buffer; takeOf?: string | null; unnamedSince?: string | null };
  /** A file at schema 34, its recordings as the store before migration 35 wrote them: the bytes in the row, beside whatever hash it was told. */
  const schema34File = (rows: readonly OldRow[], options: { wal?: boolean } = {}) => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const old = new Database(path());
    if (options.wal) old.pragma('journal_mode = WAL');
    migrate(
      old,
      migrations.filter((m) => m.version < 35),
    );
    const insert = old.prepare(
      `INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, take_of, unnamed_since, content)
       VALUES (@flowId, @name, @contentType, @bytes, @sha256, @uploadedAt, @takeOf, @unnamedSince, @content)`,
    );
    for (const row of rows) insert.run({ takeOf: null, unnamedSince: null, ...row });
    return old;
  };
  const fileBytes = (db: Database.Database) => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);

  afterEach(async () => {
    for (const db of raw.splice(0)) db.close();
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a file uploaded to two flows once, serves it whole and by range from both, and lets it go with the last', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const store = open();
    const bytes = audioBytes(300_000, 7);
    await store.audio.putAudio(storedAudio('a', 'fon/welcome.wav', bytes), bytes);
    await store.audio.putAudio(storedAudio('b', 'fon/hello.wav', bytes), bytes);
    const db = look();
    expect(counts(db)).toEqual({ rows: 2, blobs: 1, orphanBlobs: 0, rowsWithoutBytes: 0 });
    for (const [flow, name] of [
      ['a', 'fon/welcome.wav'],
      ['b', 'fon/hello.wav'],
    ] as const) {
      expect((await store.audio.readAudio(flow, name))?.content.equals(bytes)).toBe(true);
      expect((await store.audio.readAudio(flow, name, { start: 100_000, end: 100_099 }))?.content.equals(bytes.subarray(100_000, 100_100))).toBe(true);
    }
    // Each flow's quota counts the file it holds, as before.
    expect(await store.audio.audioBytes('a')).toBe(300_000);
    expect(await store.audio.audioBytes('b')).toBe(300_000);
    expect(await store.audio.audioBytes()).toBe(600_000);
    expect(await store.audio.deleteAudio('a', 'fon/welcome.wav')).toBe(true);
    expect(counts(db)).toEqual({ rows: 1, blobs: 1, orphanBlobs: 0, rowsWithoutBytes: 0 });
    expect((await store.audio.readAudio('b', 'fon/hello.wav'))?.content.equals(bytes)).toBe(true);
    expect(await store.audio.deleteAudio('b', 'fon/hello.wav')).toBe(true);
    expect(counts(db)).toEqual({ rows: 0, blobs: 0, orphanBlobs: 0, rowsWithoutBytes: 0 });
  });

  it('keys the bytes by their own hash: a stated hash that is another file’s never serves that file, nor lends it these bytes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const store = open();
    const welcome = audioBytes(50_000, 1);
    const other = audioBytes(30_000, 2);
    const later = audioBytes(20_000, 3);
    const hashOf = (bytes: Buffer) => storedAudio('x', 'x.wav', bytes).sha256;
    await store.audio.putAudio(storedAudio('a', 'fon/welcome.wav', welcome), welcome);
    // A caller stating the hash (and size) of a's file for other bytes: b gets its own bytes, a keeps its.
    await store.audio.putAudio({ ...storedAudio('b', 'fon/evil.wav', other), sha256: hashOf(welcome), bytes: welcome.length }, other);
    // And stating, before they are stored, the hash of bytes a uploads next: a's upload serves a's bytes.
    await store.audio.putAudio({ ...storedAudio('b', 'fon/first.wav', other), sha256: hashOf(later) }, other);
    await store.audio.putAudio(storedAudio('a', 'fon/later.wav', later), later);
    expect((await store.audio.readAudio('a', 'fon/welcome.wav'))?.content.equals(welcome)).toBe(true);
    expect((await store.audio.readAudio('a', 'fon/later.wav'))?.content.equals(later)).toBe(true);
    const evil = await store.audio.readAudio('b', 'fon/evil.wav');
    expect(evil?.content.equals(other)).toBe(true);
    // What the row says is what it serves: its ETag and its size (the quota, a range's bounds).
    expect(evil?.audio).toMatchObject({ sha256: hashOf(other), bytes: other.length });
    expect(await store.audio.getAudioInfo('b', 'fon/first.wav')).toMatchObject({ sha256: hashOf(other), bytes: other.length });
    expect((await store.audio.readAudio('b', 'fon/evil.wav', { start: other.length - 1, end: other.length - 1 }))?.content.equals(other.subarray(-1))).toBe(true);
    // b's files going takes none of a's bytes with them, and the other way round.
    await store.audio.deleteFlowAudio('b');
    expect((await store.audio.readAudio('a', 'fon/welcome.wav'))?.content.equals(welcome)).toBe(true);
    expect((await store.audio.readAudio('a', 'fon/later.wav'))?.content.equals(later)).toBe(true);
    expect(counts(look())).toEqual({ rows: 2, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
  });

  it('copies a flow’s recordings without copying their bytes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const store = open();
    await store.createFlow(flowRecord('selfcare'), draft('selfcare'));
    const names = Array.from({ length: 10 }, (_, i) => `fon/prompt-${i}.wav`);
    for (const [i, name] of names.entries()) {
      const bytes = audioBytes(1024 * 1024, i);
      await store.audio.putAudio(storedAudio('selfcare', name, bytes), bytes);
    }
    const db = look();
    const before = fileBytes(db);
    expect(await store.copyFlow(flowRecord('selfcare-copy'), draft('selfcare-copy'), { from: 'selfcare', names })).toEqual({ ok: true, recordings: names });
    expect(counts(db)).toEqual({ rows: 20, blobs: 10, orphanBlobs: 0, rowsWithoutBytes: 0 });
    // 10 MiB copied used to grow the file by 10 MiB; rows take a page or two.
    expect(fileBytes(db) - before).toBeLessThan(256 * 1024);
    expect((await store.audio.readAudio('selfcare-copy', 'fon/prompt-3.wav'))?.content.equals(audioBytes(1024 * 1024, 3))).toBe(true);
    // Re-recording the copy's prompt leaves the source's as it was.
    const other = audioBytes(2_000, 99);
    await store.audio.putAudio(storedAudio('selfcare-copy', 'fon/prompt-3.wav', other), other);
    expect((await store.audio.readAudio('selfcare', 'fon/prompt-3.wav'))?.content.equals(audioBytes(1024 * 1024, 3))).toBe(true);
    expect((await store.audio.readAudio('selfcare-copy', 'fon/prompt-3.wav'))?.content.equals(other)).toBe(true);
    expect(counts(db)).toMatchObject({ blobs: 11, orphanBlobs: 0, rowsWithoutBytes: 0 });
  });

  it('leaves no blob that no recording names, and no recording without its bytes, whatever deletes rows', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const store = open();
    const db = look();
    const bytes = (seed: number) => audioBytes(40_000 + seed, seed);
    const put = (flow: string, name: string, seed: number) => store.audio.putAudio(storedAudio(flow, name, bytes(seed)), bytes(seed));
    const steps: Array<[string, ReturnType<typeof counts>]> = [];
    const check = (step: string) => steps.push([step, counts(db)]);

    await store.createFlow(flowRecord('one'), draft('one'));
    await store.createFlow(flowRecord('two'), draft('two'));
    for (const flow of ['one', 'two']) for (let i = 0; i < 6; i += 1) await put(flow, `fon/p${i}.wav`, i);
    check('uploads');

    await store.audio.deleteAudio('one', 'fon/p0.wav');
    await store.audio.deleteAudio('two', 'fon/p0.wav');
    check('a recording deleted');
    await store.audio.deleteAudio('one', 'fon/p1.wav', { unlessFrozen: true });
    await store.audio.deleteAudio('two', 'fon/p1.wav', { unlessFrozen: true });
    check('a recording no version holds deleted');
    await store.audio.noteUnnamedAudio('one', ['fon/p2.wav'], at(1));
    await store.audio.noteUnnamedAudio('two', ['fon/p2.wav'], at(1));
    await store.audio.deleteAudio('one', 'fon/p2.wav', { unnamedSince: at(2) });
    await store.audio.deleteAudio('two', 'fon/p2.wav', { unnamedSince: at(2) });
    check('the unnamed-since clean-up');
    await put('one', 'fon/p3.wav', 30);
    await put('two', 'fon/p3.wav', 30);
    check('a recording replaced');
    await store.audio.deleteFlowAudio('two');
    check("a flow's recordings deleted");
    for (let i = 0; i < 3; i += 1) await put('two', `fon/p${i}.wav`, 40 + i);
    await store.deleteFlow('two');
    check('a flow deleted');
    await store.createFlow(flowRecord('old'), draft('old'));
    await put('old', 'fon/p4.wav', 50);
    await store.archiveFlow('old', at(1), 'admin');
    await store.purgeArchivedFlows(at(60 * 24 * 400));
    check('archived flows purged');
    // What a copy cut short leaves under an id no flow holds, then a creation with that id.
    await put('stray', 'fon/p5.wav', 60);
    await store.createFlow(flowRecord('stray'), draft('stray'));
    check('a creation clearing what a copy left');
    await expect(
      store.copyFlow(flowRecord('copy'), draft('copy'), { from: 'one', names: ['fon/p3.wav', 'fon/p4.wav'] }, async () => {
        await store.audio.deleteAudio('one', 'fon/p4.wav');
        throw new Error('audio_quota_full');
      }),
    ).rejects.toThrow('audio_quota_full');
    check('a copy refused at its last step');
    const restored = open(join(dir, 'restored.db'));
    await restored.restore(await store.dump());
    const again = look(join(dir, 'restored.db'));
    steps.push(['a backup restored', counts(again)]);
    await restored.deleteFlow('one');
    steps.push(['the restored flow deleted', counts(again)]);

    expect(steps.map(([step, c]) => [step, c.orphanBlobs, c.rowsWithoutBytes])).toEqual(steps.map(([step]) => [step, 0, 0]));
    // The walk did delete: blobs went with their last rows.
    expect(steps.map(([step, c]) => [step, c.rows, c.blobs])).toEqual([
      ['uploads', 12, 6],
      ['a recording deleted', 10, 5],
      ['a recording no version holds deleted', 8, 4],
      ['the unnamed-since clean-up', 6, 3],
      ['a recording replaced', 6, 3],
      ["a flow's recordings deleted", 3, 3],
      ['a flow deleted', 3, 3],
      ['archived flows purged', 3, 3],
      ['a creation clearing what a copy left', 3, 3],
      // fon/p4.wav, deleted from the source while the copy waited, stays under the id no flow holds (the next creation clears it).
      ['a copy refused at its last step', 3, 3],
      ['a backup restored', 3, 3],
      // Left: the copy's fon/p4.wav, with its bytes (no flow holds its id).
      ['the restored flow deleted', 1, 1],
    ]);
  });

  it('moves the recordings of a file written before into blobs, each content once, nothing else changed', async () => {
    const shared = audioBytes(700_000, 1);
    const files = [
      { ...storedAudio('one', 'fon/welcome.wav', shared), takeOf: null, unnamedSince: null, content: shared },
      { ...storedAudio('two', 'fon/welcome.wav', shared), takeOf: null, unnamedSince: null, content: shared },
      { ...storedAudio('one', 'fon/menu-2.wav', audioBytes(5_000, 2)), takeOf: 'fon/menu.wav', unnamedSince: at(3), content: audioBytes(5_000, 2) },
      { ...storedAudio('one', 'fon/empty.wav', Buffer.alloc(0)), takeOf: null, unnamedSince: null, content: Buffer.alloc(0) },
    ];
    const old = schema34File(files);
    old.prepare('INSERT INTO audio_frozen (flow_id, name) VALUES (?, ?)').run('one', 'fon/welcome.wav');
    old.close();

    const store = open();
    const db = look();
    expect(counts(db)).toEqual({ rows: 4, blobs: 3, orphanBlobs: 0, rowsWithoutBytes: 0 });
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(migrations.at(-1)!.version);
    for (const { content, takeOf, unnamedSince, ...audio } of files) {
      const read = await store.audio.readAudio(audio.flowId, audio.name);
      expect(read?.audio).toEqual({ ...audio, ...(takeOf ? { takeOf } : {}), ...(unnamedSince ? { unnamedSince } : {}) });
      expect(read?.content.equals(content)).toBe(true);
    }
    expect((await store.audio.readAudio('two', 'fon/welcome.wav', { start: 699_990, end: 699_999 }))?.content.equals(shared.subarray(699_990))).toBe(true);
    expect(await store.audio.audioBytes('one')).toBe(705_000);
    expect(await store.audio.audioBytes()).toBe(1_405_000);
    expect(await store.audio.listFrozenAudio('one')).toEqual(['fon/welcome.wav']);
    // The quotas' sums still read the index alone.
    expect(
      db
        .prepare('EXPLAIN QUERY PLAN SELECT COALESCE(SUM(bytes), 0) FROM audio WHERE flow_id = ?')
        .all('one')
        .map((r) => (r as { detail: string }).detail)
        .join(),
    ).toMatch(/COVERING INDEX audio_sizes/);
    // And the migrated file goes on like a new one.
    await store.audio.deleteAudio('one', 'fon/welcome.wav');
    await store.audio.deleteAudio('two', 'fon/welcome.wav');
    expect(counts(db)).toEqual({ rows: 2, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
  });

  it('keys each recording of a file written before by its bytes, not by the hash its row stated', async () => {
    // Before migration 35 the store kept whatever hash it was told beside the bytes (a test's, a script's).
    const first = audioBytes(4_000, 1);
    const second = audioBytes(6_000, 2);
    schema34File([
      { ...storedAudio('one', 'fon/a.wav', first), content: first },
      { ...storedAudio('two', 'fon/b.wav', second), sha256: storedAudio('x', 'x.wav', first).sha256, bytes: 1, content: second },
    ]).close();
    const store = open();
    expect((await store.audio.readAudio('one', 'fon/a.wav'))?.content.equals(first)).toBe(true);
    const b = await store.audio.readAudio('two', 'fon/b.wav');
    expect(b?.content.equals(second)).toBe(true);
    expect(b?.audio).toMatchObject({ sha256: storedAudio('x', 'x.wav', second).sha256, bytes: second.length });
    expect(counts(look())).toEqual({ rows: 2, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
  });

  it('moves the recordings of a file from schema 13 (before takes, sizes index and blobs) through every migration since', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const old = new Database(path());
    migrate(
      old,
      migrations.filter((m) => m.version <= 13),
    );
    const insert = old.prepare('INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at, content) VALUES (@flowId, @name, @contentType, @bytes, @sha256, @uploadedAt, @content)');
    const shared = audioBytes(90_000, 8);
    const alone = audioBytes(1_000, 9);
    for (const [flowId, name, content] of [
      ['selfcare-1919', 'fon/welcome.wav', shared],
      ['selfcare-1919', 'fon/menu.wav', alone],
      ['hotline', 'fon/welcome.wav', shared],
    ] as const)
      insert.run({ ...storedAudio(flowId, name, content), content });
    old.close();
    const store = open();
    expect(counts(look())).toEqual({ rows: 3, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
    expect((await store.audio.readAudio('hotline', 'fon/welcome.wav'))?.content.equals(shared)).toBe(true);
    expect((await store.audio.readAudio('selfcare-1919', 'fon/menu.wav'))?.audio).toEqual(storedAudio('selfcare-1919', 'fon/menu.wav', alone));
    expect(await store.audio.audioBytes()).toBe(181_000);
  });

  it('leaves a file whose process was killed during migration 35 as it was: the release before opens it, recordings in their rows', { timeout: 30_000 }, async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ ...storedAudio(i % 2 === 0 ? 'one' : 'two', `fon/p${i >> 1}.wav`, audioBytes(2_000_000, i >> 1)), content: audioBytes(2_000_000, i >> 1) }));
    schema34File(files, { wal: true }).close();
    // Another process applies migration 35 and is killed (SIGKILL) after its statements, before the transaction commits.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import Database from 'better-sqlite3';
         const { migrate, migrations } = await import('./src/store/sqlite/migrations.ts');
         const db = new Database(process.argv[1]);
         db.pragma('cache_size = 64'); // pages: the migration's spill into the WAL before its commit, as a large store's do
         db.function('killed_here', () => { process.kill(process.pid, 'SIGKILL'); return 0; });
         migrate(db, [...migrations.filter((m) => m.version <= 35), { version: 10_000, name: 'killed', sql: 'SELECT killed_here();' }]);`,
        path(),
      ],
      { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    // It died mid-write: the migration's uncommitted pages are in the WAL.
    expect(statSync(`${path()}-wal`).size).toBeGreaterThan(2_000_000);
    // The release before (schema 34) opens the file: nothing to migrate, every recording in its row.
    const before = new Database(path());
    raw.push(before);
    expect(
      migrate(
        before,
        migrations.filter((m) => m.version < 35),
      ),
    ).toEqual([]);
    expect(before.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = before.prepare<[], { flow_id: string; name: string; content: Buffer }>('SELECT flow_id, name, content FROM audio ORDER BY flow_id, name').all();
    expect(rows.map((r) => [r.flow_id, r.name, r.content.length])).toEqual(files.map((f) => [f.flowId, f.name, f.content.length]).sort());
    for (const file of files) expect(rows.find((r) => r.flow_id === file.flowId && r.name === file.name)?.content.equals(file.content)).toBe(true);
    before.close();
    // And today's release migrates it at its next start.
    const store = open();
    expect(counts(look())).toEqual({ rows: 6, blobs: 3, orphanBlobs: 0, rowsWithoutBytes: 0 });
    expect((await store.audio.readAudio('two', 'fon/p2.wav'))?.content.equals(audioBytes(2_000_000, 2))).toBe(true);
  });

  it('griot backup of flows sharing bytes writes each file whole under each; griot restore stores them once', { timeout: 30_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const wav = toneWav(1.5);
    const own = toneWav(0.3);
    const store = open();
    await store.createFlow(flowRecord('one'), draft('one'));
    await store.createFlow(flowRecord('two'), draft('two'));
    await store.audio.putAudio(storedAudio('one', 'fon/welcome.wav', wav), wav);
    await store.audio.putAudio(storedAudio('two', 'fon/hello.wav', wav), wav);
    await store.audio.putAudio(storedAudio('two', 'fon/own.wav', own), own);
    expect(await store.copyFlow(flowRecord('one-copy'), draft('one-copy'), { from: 'one', names: ['fon/welcome.wav'] })).toMatchObject({ ok: true });
    expect(counts(look())).toMatchObject({ rows: 4, blobs: 2 });
    const file = join(dir, 'backup.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await backupCommand(file, {}, { DATA_DIR: dir })).toBe(0);
      const written = JSON.parse(readFileSync(file, 'utf8')) as { audio: Array<{ flowId: string; name: string; sha256: string; base64: string }> };
      expect(written.audio.map((e) => [e.flowId, e.name, Buffer.from(e.base64, 'base64').equals(e.name === 'fon/own.wav' ? own : wav)])).toEqual([
        ['one', 'fon/welcome.wav', true],
        ['one-copy', 'fon/welcome.wav', true],
        ['two', 'fon/hello.wav', true],
        ['two', 'fon/own.wav', true],
      ]);
      const target = join(dir, 'restored');
      mkdirSync(target);
      expect(await restoreBackup(file, file, { DATA_DIR: target })).toBe(0);
      const restored = open(join(target, 'griot.db'));
      expect(counts(look(join(target, 'griot.db')))).toEqual({ rows: 4, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
      for (const [flow, name] of [
        ['one', 'fon/welcome.wav'],
        ['one-copy', 'fon/welcome.wav'],
        ['two', 'fon/hello.wav'],
      ] as const)
        expect((await restored.audio.readAudio(flow, name))?.content.equals(wav)).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it('restores a backup as it was written (the bytes in each entry), storing a content named twice once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-blobs-'));
    const shared = audioBytes(20_000, 4);
    const alone = audioBytes(3_000, 5);
    const entry = (flowId: string, name: string, content: Buffer) => ({ ...storedAudio(flowId, name, content), base64: content.toString('base64') });
    const store = open();
    const source = open(join(dir, 'source.db'));
    const dump = { ...(await source.dump()), audio: [entry('one', 'fon/a.wav', shared), entry('two', 'fon/b.wav', shared), entry('two', 'fon/c.wav', alone)] };
    await store.restore(dump);
    expect(counts(look())).toEqual({ rows: 3, blobs: 2, orphanBlobs: 0, rowsWithoutBytes: 0 });
    expect((await store.audio.readAudio('two', 'fon/b.wav'))?.content.equals(shared)).toBe(true);
    expect((await store.audio.readAudio('two', 'fon/c.wav'))?.content.equals(alone)).toBe(true);
    // Dumped again, the same entries: the backup format did not change.
    const again = (await store.dump()).audio ?? [];
    expect(again.map((e) => ({ ...e }))).toEqual(dump.audio);
  });
});
