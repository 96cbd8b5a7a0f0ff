import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transcript } from '../types.ts';
import { at, session, transcript, turn } from '../contract/fixtures.ts';
import { migrate, migrations } from './migrations.ts';
import { SqliteStore } from './SqliteStore.ts';

describe('transcripts of a database from before numbered turns (migration 15)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every transcript with its turns in order and its end, goes on from them, and purges and erases them whole', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'griot-transcripts-')), 'griot.db');
    dirs.push(join(path, '..'));
    const ended: Transcript = { ...transcript('voice:CA1', '+2290197000001', at(0)), turns: [turn(1), turn(2)], endedAt: at(3), endReason: 'hangup' };
    const running: Transcript = { ...transcript('whatsapp:2290197000002', '+2290197000002', at(10)), turns: [turn(11)] };
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    migrate(
      old,
      migrations.filter((m) => m.version < 15),
    );
    // As the tables held them: the header without its turns, one row per turn in a table of rowids,
    // the turns of the two transcripts interleaved (written by calls at the same time).
    const header = old.prepare<[string, string, string, string, string]>('INSERT INTO transcripts (session_key, caller_number, flow_id, started_at, data) VALUES (?, ?, ?, ?, ?)');
    const ids = [ended, running].map(({ turns: _turns, ...h }) => Number(header.run(h.sessionKey, h.callerNumber, h.flowId, h.startedAt, JSON.stringify(h)).lastInsertRowid));
    const insertTurn = old.prepare<[number, string]>('INSERT INTO transcript_turns (transcript_id, data) VALUES (?, ?)');
    insertTurn.run(ids[0]!, JSON.stringify(turn(1)));
    insertTurn.run(ids[1]!, JSON.stringify(turn(11)));
    insertTurn.run(ids[0]!, JSON.stringify(turn(2)));
    old.close();

    const store = new SqliteStore(path);
    expect(await store.getTranscript(ended.sessionKey)).toEqual(ended);
    expect(await store.getTranscript(running.sessionKey)).toEqual(running);
    // The next turns join the migrated ones, after them; the last one ends the contact.
    await store.saveTurn({ session: session(running.sessionKey, at(600)), turn: turn(12) });
    await store.saveTurn({ session: session(running.sessionKey, at(600)), turn: turn(13), end: { at: at(13), reason: 'expired' } });
    expect(await store.getTranscript(running.sessionKey)).toEqual({ ...running, turns: [turn(11), turn(12), turn(13)], endedAt: at(13), endReason: 'expired' });
    expect(await store.listTranscripts({ limit: 10 })).toEqual([{ ...running, turns: [turn(11), turn(12), turn(13)], endedAt: at(13), endReason: 'expired' }, ended]);

    // Erasure and retention take the turns with their transcript: none is left in the file.
    expect(await store.deleteTranscriptsOf(running.callerNumber)).toBe(1);
    expect(await store.purgeTranscripts(at(5))).toBe(1);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM transcript_turns').pluck().get()).toBe(0);
    db.close();
  });

  it('never files a turn under another transcript, even when a transcript has taken every number it has', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'griot-transcripts-')), 'griot.db');
    dirs.push(join(path, '..'));
    let store = new SqliteStore(path);
    await store.startTranscript({ ...transcript('voice:CA1', '+2290197000001', at(0)), turns: [turn(1)] });
    await store.startTranscript({ ...transcript('voice:CA2', '+2290197000002', at(1)), turns: [turn(2)] });
    await store.close();
    // The first transcript's last number taken (2^24 - 1 turns: no call gets there).
    const db = new Database(path);
    const first = db.prepare<[string], number>('SELECT id FROM transcripts WHERE session_key = ?').pluck().get('voice:CA1')!;
    db.prepare('INSERT INTO transcript_turns (id, data) VALUES (?, ?)').run(BigInt(first) * 16777216n + 16777215n, JSON.stringify(turn(3)));
    db.close();

    store = new SqliteStore(path);
    await store.saveTurn({ session: session('voice:CA1', at(600)), turn: turn(4) });
    await store.saveTurn({ session: session('voice:CA2', at(600)), turn: turn(5) });
    expect((await store.getTranscript('voice:CA1'))?.turns).toEqual([turn(1), turn(3)]);
    expect((await store.getTranscript('voice:CA2'))?.turns).toEqual([turn(2), turn(5)]);
    await store.close();
  });
});
