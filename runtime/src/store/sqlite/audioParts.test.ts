import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';
import { session } from '../contract/fixtures.ts';
import { AUDIO_PART_BYTES } from './audioContent.ts';
import { SqliteStore } from './SqliteStore.ts';
import { endOfDump, promptBytesOf } from '../dumpedAudio.ts';
import { writeBackupFile } from '../../cli/backupFile.ts';

/**
 * A recording's bytes in parts (migration 36): each part its own short write, the recording
 * visible only once all are stored, what a killed upload left swept, blobs stored before read as
 * they are, backups carrying the whole file.
 */
describe('recorded prompts stored in parts on SQLite', () => {
  const opened: SqliteStore[] = [];
  const raw: Database.Database[] = [];
  let dir = '';
  const path = () => join(dir, 'griot.db');
  const open = (options: ConstructorParameters<typeof SqliteStore>[1] = {}) => {
    const store = new SqliteStore(path(), options);
    opened.push(store);
    return store;
  };
  const look = () => {
    const db = new Database(path(), { readonly: true });
    raw.push(db);
    return db;
  };
  const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  /** Over several parts, the last one short. */
  const SIZE = 3 * AUDIO_PART_BYTES + 12_345;

  afterEach(async () => {
    for (const db of raw.splice(0)) db.close();
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a large file in parts and serves it byte for byte, whole and by ranges across parts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 5);
    expect(await store.audio.putAudio(storedAudio('a', 'fon/long.wav', bytes), bytes)).toBe(true);
    const db = look();
    expect(count(db, 'audio_parts')).toBe(4);
    expect(count(db, 'audio_uploads')).toBe(0);
    expect((await store.audio.readAudio('a', 'fon/long.wav'))?.content.equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [AUDIO_PART_BYTES - 3, AUDIO_PART_BYTES + 2],
      [10, 3 * AUDIO_PART_BYTES + 10],
      [SIZE - 5, SIZE + 100],
      [2 * AUDIO_PART_BYTES, 2 * AUDIO_PART_BYTES],
    ] as const) {
      const read = await store.audio.readAudio('a', 'fon/long.wav', { start, end });
      expect(read?.content.equals(bytes.subarray(start, Math.min(end, SIZE - 1) + 1))).toBe(true);
    }
    // The same bytes again, to another flow: a row, no part more; the parts go with the last row.
    await store.audio.putAudio(storedAudio('b', 'fon/copy.wav', bytes), bytes);
    expect(count(db, 'audio_parts')).toBe(4);
    await store.audio.deleteAudio('a', 'fon/long.wav');
    expect(count(db, 'audio_parts')).toBe(4);
    await store.audio.deleteFlowAudio('b');
    expect({ parts: count(db, 'audio_parts'), blobs: count(db, 'audio_blobs') }).toEqual({ parts: 0, blobs: 0 });
  });

  it('carries a file in parts through a backup and its restore, byte for byte, in parts again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 8);
    await store.audio.putAudio(storedAudio('a', 'fon/kept.wav', bytes), bytes);
    // Through JSON, as a backup file holds it (base64 read from the dump's snapshot of the parts).
    const dump = JSON.parse(JSON.stringify(await store.dump()));
    const restored = new SqliteStore(join(dir, 'restored.db'));
    opened.push(restored);
    await restored.restore(dump);
    expect((await restored.audio.readAudio('a', 'fon/kept.wav'))?.content.equals(bytes)).toBe(true);
    expect(await restored.audio.getAudioInfo('a', 'fon/kept.wav')).toMatchObject({ sha256: storedAudio('a', 'x.wav', bytes).sha256, bytes: SIZE });
    const other = new Database(join(dir, 'restored.db'), { readonly: true });
    raw.push(other);
    expect(count(other, 'audio_parts')).toBe(4);
  });

  it('gives the backup writer a file in parts a part at a time from the dump’s snapshot, never joined, and the file written restores it byte for byte (rec31)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 9);
    await store.audio.putAudio(storedAudio('a', 'fon/long.wav', bytes), bytes);
    const small = audioBytes(1000, 3);
    await store.audio.putAudio(storedAudio('a', 'fon/short.wav', small), small);
    const paged = await store.dump(undefined, { paged: true });
    const [long] = (paged.audio ?? []).filter((entry) => entry.name === 'fon/long.wav');
    // What the writer reads: pieces of one stored part at most (the old dump handed it the 4 parts joined, ${SIZE} bytes).
    const content = await promptBytesOf(long)!();
    expect(Buffer.isBuffer(content)).toBe(false);
    const pieces: Buffer[] = [];
    for await (const piece of content as AsyncIterable<Buffer>) pieces.push(piece);
    expect(pieces.map((piece) => piece.length)).toEqual([AUDIO_PART_BYTES, AUDIO_PART_BYTES, AUDIO_PART_BYTES, 12_345]);
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    await endOfDump(paged);
    // The file the writer makes from a fresh dump: both prompts whole, restored byte for byte.
    const file = join(dir, 'backup.json');
    const again = await store.dump(undefined, { paged: true });
    try {
      await writeBackupFile(file, again);
    } finally {
      await endOfDump(again);
    }
    const restored = new SqliteStore(join(dir, 'restored.db'));
    opened.push(restored);
    await restored.restore(JSON.parse(readFileSync(file, 'utf8')));
    expect((await restored.audio.readAudio('a', 'fon/long.wav'))?.content.equals(bytes)).toBe(true);
    expect((await restored.audio.readAudio('a', 'fon/short.wav'))?.content.equals(small)).toBe(true);
  });

  it('writes a recording deleted or replaced while the backup is written as the dump saw it, the same audio as the prompts read whole (rev31a)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 11);
    const other = audioBytes(SIZE + 7, 12);
    await store.audio.putAudio(storedAudio('a', 'fon/gone.wav', bytes), bytes);
    await store.audio.putAudio(storedAudio('a', 'fon/replaced.wav', other), other);
    // The file of prompts read whole (what the writer got before rec31), taken first.
    const wholeFile = join(dir, 'whole.json');
    await writeBackupFile(wholeFile, await store.dump());
    const paged = await store.dump(undefined, { paged: true });
    const partsFile = join(dir, 'parts.json');
    try {
      // Between the dump and the writer reaching them: one deleted (its parts too), one replaced.
      expect(await store.audio.deleteAudio('a', 'fon/gone.wav')).toBe(true);
      const newer = audioBytes(1000, 13);
      await store.audio.putAudio(storedAudio('a', 'fon/replaced.wav', newer), newer);
      expect(count(look(), 'audio_parts')).toBe(0);
      await writeBackupFile(partsFile, paged);
    } finally {
      await endOfDump(paged);
    }
    const audioOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { audio: unknown[] }).audio;
    expect(audioOf(partsFile)).toEqual(audioOf(wholeFile));
    const restored = new SqliteStore(join(dir, 'restored.db'));
    opened.push(restored);
    await restored.restore(JSON.parse(readFileSync(partsFile, 'utf8')));
    expect((await restored.audio.readAudio('a', 'fon/gone.wav'))?.content.equals(bytes)).toBe(true);
    expect((await restored.audio.readAudio('a', 'fon/replaced.wav'))?.content.equals(other)).toBe(true);
  });

  it('stores two uploads of the same bytes at once once, both rows served', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 9);
    const [first, second] = await Promise.all([store.audio.putAudio(storedAudio('a', 'fon/one.wav', bytes), bytes), store.audio.putAudio(storedAudio('b', 'fon/two.wav', bytes), bytes)]);
    expect([first, second]).toEqual([true, true]);
    const db = look();
    expect({ blobs: count(db, 'audio_blobs'), parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads') }).toEqual({ blobs: 1, parts: 4, uploads: 0 });
    expect((await store.audio.readAudio('a', 'fon/one.wav'))?.content.equals(bytes)).toBe(true);
    expect((await store.audio.readAudio('b', 'fon/two.wav'))?.content.equals(bytes)).toBe(true);
  });

  it('writes no part for a put its condition refuses, and drops those of one refused meanwhile', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 3);
    await store.audio.freezeAudio('a', ['fon/frozen.wav']);
    expect(await store.audio.putAudio(storedAudio('a', 'fon/frozen.wav', bytes), bytes, 'unlessFrozen')).toBe(false);
    // Frozen while its parts are written (a publish between two parts): refused at the last write, its parts gone.
    const put = store.audio.putAudio(storedAudio('a', 'fon/late.wav', bytes), bytes, 'unlessFrozen');
    await new Promise((resolve) => setImmediate(resolve));
    await store.audio.freezeAudio('a', ['fon/late.wav']);
    expect(await put).toBe(false);
    const db = look();
    expect({ rows: count(db, 'audio'), blobs: count(db, 'audio_blobs'), parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads') }).toEqual({ rows: 0, blobs: 0, parts: 0, uploads: 0 });
  });

  it('shows nothing of an upload cut short, and sweeps its parts at the next start once stale', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const bytes = audioBytes(SIZE, 4);
    // What a process killed after two parts leaves: its parts, its upload noted, no blob, no row.
    const killed = new Database(path());
    const before = open();
    await before.close();
    const part = killed.prepare('INSERT INTO audio_parts (upload_id, seq, content) VALUES (?, ?, ?)');
    part.run('killed', 0, bytes.subarray(0, AUDIO_PART_BYTES));
    part.run('killed', 1, bytes.subarray(AUDIO_PART_BYTES, 2 * AUDIO_PART_BYTES));
    killed.prepare('INSERT INTO audio_uploads (upload_id, touched_at) VALUES (?, ?)').run('killed', Date.now());
    killed.close();
    // Restarted at once: the parts may be another instance's upload still running; kept, never shown.
    const store = open();
    expect(await store.audio.getAudioInfo('a', 'fon/cut.wav')).toBeNull();
    expect(await store.audio.listAudio('a')).toEqual([]);
    expect(await store.audio.audioBytes()).toBe(0);
    expect((await store.dump()).audio ?? []).toEqual([]);
    expect(count(look(), 'audio_parts')).toBe(2);
    // The same bytes uploaded for real meanwhile are stored whole (not the cut parts' two).
    await store.audio.putAudio(storedAudio('a', 'fon/cut.wav', bytes), bytes);
    expect((await store.audio.readAudio('a', 'fon/cut.wav'))?.content.equals(bytes)).toBe(true);
    await store.audio.deleteAudio('a', 'fon/cut.wav');
    await store.close();
    // A start once they are stale: swept.
    open({ staleUploadMs: 0 });
    const db = look();
    expect({ parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads'), blobs: count(db, 'audio_blobs') }).toEqual({ parts: 0, uploads: 0, blobs: 0 });
  });

  it('lets a large recording go in short writes: gone for readers at once, a call’s write done between two, the bytes after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const size = 10 * AUDIO_PART_BYTES;
    const bytes = audioBytes(size, 2);
    await store.audio.putAudio(storedAudio('a', 'fon/long.wav', bytes), bytes);
    const db = look();
    expect(count(db, 'audio_parts')).toBe(10);
    let deleted = false;
    const deleting = store.audio.deleteAudio('a', 'fon/long.wav').then((removed) => {
      deleted = true;
      return removed;
    });
    // A call's turn write due as the delete starts: done before the delete has let all the bytes go (migration 37), not after it.
    await store.putSession(session('voice:during-delete', new Date(Date.now() + 60_000).toISOString()));
    expect(deleted).toBe(false);
    // Gone for readers already (the row and the blob went first), its bytes not all yet.
    expect(count(db, 'audio')).toBe(0);
    expect(count(db, 'audio_parts')).toBeGreaterThan(0);
    expect(await store.audio.readAudio('a', 'fon/long.wav')).toBeNull();
    expect(await store.audio.listAudio('a')).toEqual([]);
    expect(await deleting).toBe(true);
    expect({ parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads'), blobs: count(db, 'audio_blobs') }).toEqual({ parts: 0, uploads: 0, blobs: 0 });
  });

  it('deletes the parts of a recording replaced under its name by a small take or by bytes stored already, before the upload answers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const db = look();
    const large = audioBytes(SIZE, 4);
    const other = audioBytes(SIZE, 5);
    await store.audio.putAudio(storedAudio('a', 'fon/take.wav', large), large);
    await store.audio.putAudio(storedAudio('a', 'fon/kept.wav', other), other);
    expect(count(db, 'audio_parts')).toBe(8);
    // A short take replaces the long one: the long one's 4 parts are let go with its blob, not left to the hourly sweep.
    const small = audioBytes(1000, 6);
    expect(await store.audio.putAudio(storedAudio('a', 'fon/take.wav', small), small)).toBe(true);
    expect({ parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads') }).toEqual({ parts: 4, uploads: 0 });
    // A take replaced by bytes another name holds already (one short write, no part): the same.
    await store.audio.putAudio(storedAudio('a', 'fon/take.wav', large), large);
    expect(count(db, 'audio_parts')).toBe(8);
    expect(await store.audio.putAudio(storedAudio('a', 'fon/take.wav', other), other)).toBe(true);
    expect({ parts: count(db, 'audio_parts'), uploads: count(db, 'audio_uploads') }).toEqual({ parts: 4, uploads: 0 });
    expect((await store.audio.readAudio('a', 'fon/take.wav'))?.content.equals(other)).toBe(true);
    expect((await store.audio.readAudio('a', 'fon/kept.wav'))?.content.equals(other)).toBe(true);
  });

  it('keeps a recording stored when the sweep after its upload fails (a disk full, a lock held by another instance): answered stored, never its parts let go', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const table = (store as unknown as { t: { audio: { sweepStep: (...args: unknown[]) => unknown } } }).t.audio;
    const step = table.sweepStep;
    let steps = 0;
    // The sweep before the parts finds nothing; the one after the last write fails.
    table.sweepStep = (...args: unknown[]) => {
      steps += 1;
      if (steps === 2) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return step(...args);
    };
    const bytes = audioBytes(SIZE, 11);
    const answered = await store.audio.putAudio(storedAudio('a', 'fon/kept.wav', bytes), bytes).catch((error: Error) => error.message);
    // The next sweeps (the hourly job, a delete) leave its parts: it is whole (the old code noted them released: listed, its bytes gone).
    table.sweepStep = step;
    await store.audio.sweepAudioLeftovers(new Date(Date.now() + 60 * 60_000));
    expect((await store.audio.listAudio('a')).map((a) => a.name)).toEqual(['fon/kept.wav']);
    expect(count(look(), 'audio_parts')).toBe(4);
    expect((await store.audio.readAudio('a', 'fon/kept.wav'))?.content.equals(bytes)).toBe(true);
    expect(answered).toBe(true);
  });

  it('answers a delete done when the sweep of its parts fails: the rest noted for the next sweep', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const table = (store as unknown as { t: { audio: { sweepStep: (...args: unknown[]) => unknown } } }).t.audio;
    const step = table.sweepStep;
    const bytes = audioBytes(SIZE, 12);
    await store.audio.putAudio(storedAudio('a', 'fon/gone.wav', bytes), bytes);
    table.sweepStep = () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    expect(await store.audio.deleteAudio('a', 'fon/gone.wav')).toBe(true);
    expect(await store.audio.readAudio('a', 'fon/gone.wav')).toBeNull();
    table.sweepStep = step;
    expect(await store.audio.sweepAudioLeftovers(new Date())).toBe(1);
    expect({ parts: count(look(), 'audio_parts'), uploads: count(look(), 'audio_uploads') }).toEqual({ parts: 0, uploads: 0 });
  });

  it('migrates a file at schema 36 holding recordings in parts and another instance’s upload under way (37), once: all kept, read whole, deleted in steps', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const one = audioBytes(SIZE, 21);
    const two = audioBytes(SIZE, 22);
    const first = open();
    await first.audio.putAudio(storedAudio('a', 'fon/one.wav', one), one);
    await first.audio.putAudio(storedAudio('a', 'fon/two.wav', two), two);
    await first.close();
    // Back to schema 36 as the release before left it: its trigger, 37 not recorded; an upload of another instance on the file under way, one a killed process left.
    const old = new Database(path());
    old.exec(`DELETE FROM schema_migrations WHERE version = 37;
      DROP TRIGGER audio_parts_released;
      CREATE TRIGGER audio_parts_released AFTER DELETE ON audio_blobs WHEN OLD.upload_id IS NOT NULL
        BEGIN DELETE FROM audio_parts WHERE upload_id = OLD.upload_id; END;`);
    const part = old.prepare('INSERT INTO audio_parts (upload_id, seq, content) VALUES (?, 0, ?)');
    const note = old.prepare('INSERT INTO audio_uploads (upload_id, touched_at) VALUES (?, ?)');
    part.run('live', Buffer.alloc(AUDIO_PART_BYTES, 1));
    note.run('live', Date.now());
    part.run('killed', Buffer.alloc(AUDIO_PART_BYTES, 2));
    note.run('killed', Date.now() - 10 * 60_000);
    old.close();
    for (let start = 0; start < 2; start += 1) {
      const store = open();
      const db = look();
      expect(db.prepare('SELECT count(*) FROM schema_migrations WHERE version = 37').pluck().get()).toBe(1);
      expect(db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audio_parts_released'`).pluck().get()).toContain('INSERT OR REPLACE INTO audio_uploads');
      // The live upload kept (its grace runs), the killed one's part swept at the start, both recordings whole.
      expect(db.prepare('SELECT upload_id FROM audio_uploads').pluck().all()).toEqual(['live']);
      expect((await store.audio.readAudio('a', 'fon/one.wav'))?.content.equals(one)).toBe(true);
      expect((await store.audio.readAudio('a', 'fon/two.wav'))?.content.equals(two)).toBe(true);
      expect(count(db, 'audio_parts')).toBe(9);
      await store.close();
    }
    const store = open();
    expect(await store.audio.deleteAudio('a', 'fon/one.wav')).toBe(true);
    expect({ parts: count(look(), 'audio_parts'), uploads: look().prepare('SELECT upload_id FROM audio_uploads').pluck().all() }).toEqual({ parts: 5, uploads: ['live'] });
    expect((await store.audio.readAudio('a', 'fon/two.wav'))?.content.equals(two)).toBe(true);
  });

  it('finishes a delete a killed process left half-done: nothing served, the rest swept by the hourly sweep and at the next start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const bytes = audioBytes(SIZE, 7);
    const first = open();
    await first.audio.putAudio(storedAudio('a', 'fon/one.wav', bytes), bytes);
    await first.close();
    // What a process killed after the row's delete and one step leaves: the row and blob gone, the upload noted released, parts left.
    const killed = new Database(path());
    killed.prepare('DELETE FROM audio').run();
    killed.prepare('DELETE FROM audio_parts WHERE seq = 3').run();
    killed.close();
    expect({ parts: count(look(), 'audio_parts'), uploads: count(look(), 'audio_uploads') }).toEqual({ parts: 3, uploads: 1 });
    // A start sweeps it (released: no grace); so does the hourly job on a server that keeps running.
    const store = open({ staleUploadMs: 60 * 60_000 });
    expect(await store.audio.readAudio('a', 'fon/one.wav')).toBeNull();
    expect({ parts: count(look(), 'audio_parts'), uploads: count(look(), 'audio_uploads') }).toEqual({ parts: 0, uploads: 0 });
    const again = audioBytes(SIZE, 8);
    await store.audio.putAudio(storedAudio('a', 'fon/two.wav', again), again);
    await store.close();
    const later = new Database(path());
    later.prepare('DELETE FROM audio').run();
    later.close();
    const running = open({ staleUploadMs: 60 * 60_000 });
    // Left behind while it runs (a killed instance sharing the file): the hourly sweep takes it.
    const other = new Database(path());
    other.prepare("INSERT INTO audio_parts (upload_id, seq, content) VALUES ('orphan', 0, x'00')").run();
    other.prepare("INSERT INTO audio_uploads (upload_id, touched_at) VALUES ('orphan', 0)").run();
    other.close();
    expect(await running.audio.sweepAudioLeftovers(new Date())).toBe(1);
    expect({ parts: count(look(), 'audio_parts'), uploads: count(look(), 'audio_uploads'), blobs: count(look(), 'audio_blobs') }).toEqual({ parts: 0, uploads: 0, blobs: 0 });
  });

  it('reads a blob stored before migration 36 (its bytes in the row) as it is, whole, by range and in a backup', async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-parts-'));
    const store = open();
    const bytes = audioBytes(SIZE, 6);
    const audio = storedAudio('a', 'fon/old.wav', bytes);
    await store.close();
    const db = new Database(path());
    db.prepare('INSERT INTO audio_blobs (sha256, content) VALUES (?, ?)').run(audio.sha256, bytes);
    db.prepare('INSERT INTO audio (flow_id, name, content_type, bytes, sha256, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      'a',
      'fon/old.wav',
      audio.contentType,
      bytes.length,
      audio.sha256,
      audio.uploadedAt,
    );
    db.close();
    const reopened = open();
    expect((await reopened.audio.readAudio('a', 'fon/old.wav'))?.content.equals(bytes)).toBe(true);
    expect(
      (await reopened.audio.readAudio('a', 'fon/old.wav', { start: AUDIO_PART_BYTES - 1, end: AUDIO_PART_BYTES }))?.content.equals(bytes.subarray(AUDIO_PART_BYTES - 1, AUDIO_PART_BYTES + 1)),
    ).toBe(true);
    const dump = await reopened.dump();
    const entry = dump.audio?.find((e) => e.name === 'fon/old.wav');
    const content = entry ? (entry.content ?? Buffer.from(entry.base64, 'base64')) : undefined;
    expect(content?.equals(bytes)).toBe(true);
  });
});
