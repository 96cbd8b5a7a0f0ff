import type Database from 'better-sqlite3';
import type { Transcript, TranscriptTurn } from '../types.ts';

interface TranscriptRow {
  id: number;
  data: string;
}
type ListFilter = { callerNumber?: string; flowId?: string; limit: number };

/** The latest transcript of a session key; keys come back when a WhatsApp number writes again. */
const LATEST = 'SELECT id FROM transcripts WHERE session_key = ? ORDER BY started_at DESC, id DESC LIMIT 1';

/**
 * Transcripts, with one row per turn so that appending a turn writes only that turn. The
 * header (everything but the turns) is JSON; what lists filter and sort on is in columns.
 */
export function createTranscriptTable(db: Database.Database) {
  // Its id from `lastInsertRowid`: a RETURNING clause makes SQLite gather the row in a table of its own first.
  const insertHeader = db.prepare<[string, string, string, string, string]>('INSERT INTO transcripts (session_key, caller_number, flow_id, started_at, data) VALUES (?, ?, ?, ?, ?)');
  const insertTurn = db.prepare<[number, string]>('INSERT INTO transcript_turns (transcript_id, data) VALUES (?, ?)');
  const appendToLatest = db.prepare<[string, string]>(`INSERT INTO transcript_turns (transcript_id, data) SELECT id, ? FROM (${LATEST})`);
  const endLatest = db.prepare<[string, string, string]>(`UPDATE transcripts SET data = json_set(data, '$.endedAt', ?, '$.endReason', ?) WHERE id = (${LATEST})`);
  const selectLatest = db.prepare<[string], TranscriptRow>(`SELECT id, data FROM transcripts WHERE id = (${LATEST})`);
  const selectTurns = db.prepare<[number], { data: string }>('SELECT data FROM transcript_turns WHERE transcript_id = ? ORDER BY id');
  const selectAll = db.prepare<[], TranscriptRow>('SELECT id, data FROM transcripts ORDER BY started_at, id');
  const deleteOfCaller = db.prepare<[string]>('DELETE FROM transcripts WHERE caller_number = ?');
  const deleteBefore = db.prepare<[string, number]>('DELETE FROM transcripts WHERE id IN (SELECT id FROM transcripts WHERE started_at < ? LIMIT ?)');
  // One statement per filter shape, so each can use its index.
  const listing = new Map<string, Database.Statement<[Record<string, string | number>], TranscriptRow>>();

  function withTurns(row: TranscriptRow): Transcript {
    const header = JSON.parse(row.data) as Omit<Transcript, 'turns'>;
    return { ...header, turns: selectTurns.all(row.id).map((t) => JSON.parse(t.data) as TranscriptTurn) };
  }

  function listStatement(filter: ListFilter) {
    const where = [filter.callerNumber !== undefined ? 'caller_number = @caller' : '', filter.flowId !== undefined ? 'flow_id = @flow' : ''].filter(Boolean);
    const sql = `SELECT id, data FROM transcripts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT @limit`;
    let statement = listing.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      listing.set(sql, statement);
    }
    return statement;
  }

  /** Header and turns; the caller provides the transaction. */
  function insert(transcript: Transcript): void {
    const { turns, ...header } = transcript;
    const id = Number(insertHeader.run(header.sessionKey, header.callerNumber, header.flowId, header.startedAt, JSON.stringify(header)).lastInsertRowid);
    for (const turn of turns) insertTurn.run(id, JSON.stringify(turn));
  }

  return {
    start: db.transaction(insert),
    /** As `start`, inside a transaction already open (a turn's write). */
    insert,
    /** Does nothing when the key has no transcript: losing a turn must not fail the caller's call. */
    append(sessionKey: string, turn: TranscriptTurn): void {
      appendToLatest.run(JSON.stringify(turn), sessionKey);
    },
    end(sessionKey: string, endedAt: string, endReason: string): void {
      endLatest.run(endedAt, endReason, sessionKey);
    },
    get(sessionKey: string): Transcript | null {
      const row = selectLatest.get(sessionKey);
      return row ? withTurns(row) : null;
    },
    list(filter: ListFilter): Transcript[] {
      const params: Record<string, string | number> = { limit: filter.limit };
      if (filter.callerNumber !== undefined) params.caller = filter.callerNumber;
      if (filter.flowId !== undefined) params.flow = filter.flowId;
      return listStatement(filter).all(params).map(withTurns);
    },
    // Turns go with their transcript (ON DELETE CASCADE).
    removeOf: (callerNumber: string): number => deleteOfCaller.run(callerNumber).changes,
    /** Up to `limit` transcripts started before `before`, with their turns. */
    purge: (before: string, limit: number): number => deleteBefore.run(before, limit).changes,
    all: (): Transcript[] => selectAll.all().map(withTurns),
  };
}

export type TranscriptTable = ReturnType<typeof createTranscriptTable>;
