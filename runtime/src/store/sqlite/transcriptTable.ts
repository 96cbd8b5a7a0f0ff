import type Database from 'better-sqlite3';
import { previewKeyPrefix, type Transcript, type TranscriptFilter, type TranscriptTurn } from '../types.ts';

interface TranscriptRow {
  id: number;
  data: string;
}
interface TurnRow {
  data: string;
  ended_at: string | null;
  end_reason: string | null;
}
/** A header row's JSON: the transcript with the turns it started with (rows written before migration 15 have none). */
type Header = Omit<Transcript, 'turns'> & { turns?: TranscriptTurn[] };

/** The latest transcript of a session key; keys come back when a WhatsApp number writes again. */
const LATEST = 'SELECT id FROM transcripts WHERE session_key = ? ORDER BY started_at DESC, id DESC LIMIT 1';
/** A turn row's id is its transcript's id × 2^24 + its number in the transcript (migration 15). */
const TURNS = 16777216;
/** The turn rows of transcript `t`, in SQL. */
const turnsOf = (t: string) => `id > ${t} * ${TURNS} AND id < (${t} + 1) * ${TURNS}`;

/**
 * Transcripts, in as few b-tree pages per turn as the listings allow (migration 15). A
 * transcript starts as one row: its header (what lists filter and sort on in columns, the rest
 * as JSON) with the turns it starts with, a new contact's first turn. Each later turn is one row
 * of `transcript_turns`, numbered within its transcript's range of row ids (the table is its own
 * index: one page written per turn, not the table's and an index's, and turns of the latest
 * transcript fill the table's last page), and never rewrites the turns before it. The turn a
 * contact ends with carries the end (`ended_at`, `end_reason`): ending a contact writes no
 * header. Read back, a transcript is its header's turns, then its rows in order; the latest end
 * written is its end.
 */
/** The first text after every text starting with `prefix` (its last character moved one up): the end of the range. */
const afterPrefix = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** A header row and its turn rows (read with `selectTurns`), as one transcript. */
function transcriptOf(row: TranscriptRow, selectTurns: Database.Statement<{ id: number }, TurnRow>): Transcript {
  const { turns: first, ...header } = JSON.parse(row.data) as Header;
  const turns = first ?? [];
  for (const turn of selectTurns.all({ id: row.id })) {
    turns.push(JSON.parse(turn.data) as TranscriptTurn);
    if (turn.ended_at !== null) {
      header.endedAt = turn.ended_at;
      header.endReason = turn.end_reason ?? '';
    }
  }
  return { ...header, turns };
}

const SELECT_TURNS = `SELECT data, ended_at, end_reason FROM transcript_turns WHERE ${turnsOf('CAST(@id AS INTEGER)')} ORDER BY id`;

/**
 * The transcripts as `all()` gives them, `size` per call from `reader` (a backup's snapshot), with
 * their turns: a keyset on `started_at, id`, which the `transcripts_started_at` index holds in that
 * order (`id` is the rowid every index entry ends with), so a page reads its rows and no more:
 * never the whole table sorted, nor its ids. Empty once all are read.
 */
export function transcriptPages(reader: Database.Database, size: number): () => Transcript[] {
  const first = reader.prepare<[number], TranscriptRow & { started_at: string }>('SELECT id, data, started_at FROM transcripts INDEXED BY transcripts_started_at ORDER BY started_at, id LIMIT ?');
  const after = reader.prepare<[string, string, number, number], TranscriptRow & { started_at: string }>(
    'SELECT id, data, started_at FROM transcripts INDEXED BY transcripts_started_at WHERE started_at > ? OR (started_at = ? AND id > ?) ORDER BY started_at, id LIMIT ?',
  );
  const selectTurns = reader.prepare<{ id: number }, TurnRow>(SELECT_TURNS);
  let last: { started_at: string; id: number } | null = null;
  return () => {
    const rows = last ? after.all(last.started_at, last.started_at, last.id, size) : first.all(size);
    const end = rows.at(-1);
    if (end) last = end;
    return rows.map((row) => transcriptOf(row, selectTurns));
  };
}

export function createTranscriptTable(db: Database.Database) {
  // Its id from `lastInsertRowid`: a RETURNING clause makes SQLite gather the row in a table of its own first.
  const insertHeader = db.prepare<[string, string, string, string, number, string]>(
    'INSERT INTO transcripts (session_key, caller_number, flow_id, started_at, tester, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // The number after the transcript's last turn. No transcript for the key: no row. A transcript
  // whose range is full (2^24 - 1 turns) takes no more: the table's CHECK fails, and the row is ignored.
  // (Reading the table it inserts into, SQLite gathers the one row in a table of its own first:
  // about a microsecond, against a page per turn for an index.)
  const appendToLatest = db.prepare<[string, string | null, string | null, string]>(
    `INSERT OR IGNORE INTO transcript_turns (id, data, ended_at, end_reason)
     SELECT coalesce((SELECT max(id) FROM transcript_turns WHERE ${turnsOf('l.id')}), l.id * ${TURNS}) + 1, ?, ?, ? FROM (${LATEST}) AS l`,
  );
  // An end set apart from a turn (`end`) is the latest one: the ends its turns carried go.
  const clearTurnEnds = db.prepare<[string, string]>(`UPDATE transcript_turns SET ended_at = NULL, end_reason = NULL WHERE ${turnsOf(`(${LATEST})`)} AND ended_at IS NOT NULL`);
  const endLatest = db.prepare<[string, string, string]>(`UPDATE transcripts SET data = json_set(data, '$.endedAt', ?, '$.endReason', ?) WHERE id = (${LATEST})`);
  const selectLatest = db.prepare<[string], TranscriptRow>(`SELECT id, data FROM transcripts WHERE id = (${LATEST})`);
  const selectTurns = db.prepare<{ id: number }, TurnRow>(SELECT_TURNS);
  const selectAll = db.prepare<[], TranscriptRow>('SELECT id, data FROM transcripts ORDER BY started_at, id');
  const deleteOfCaller = db.prepare<[string]>('DELETE FROM transcripts WHERE caller_number = ?');
  const selectCallers = db.prepare<[{ after: string; lo: string; hi: string; limit: number }], { caller_number: string }>(
    'SELECT DISTINCT caller_number FROM transcripts INDEXED BY transcripts_caller WHERE caller_number > @after AND caller_number >= @lo AND caller_number < @hi ORDER BY caller_number LIMIT @limit',
  );
  const deleteBeyondNewest = db.prepare<[{ lo: string; hi: string; keep: number }]>(
    'DELETE FROM transcripts WHERE id IN (SELECT id FROM transcripts WHERE session_key >= @lo AND session_key < @hi ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET @keep)',
  );
  const countWithPrefix = db.prepare<[{ lo: string; hi: string }], { n: number }>('SELECT count(*) AS n FROM transcripts WHERE session_key >= @lo AND session_key < @hi');
  const deleteBefore = db.prepare<[string, number]>('DELETE FROM transcripts WHERE id IN (SELECT id FROM transcripts WHERE started_at < ? LIMIT ?)');
  // One statement per filter shape, so each can use its index.
  const listing = new Map<string, Database.Statement<[Record<string, string | number>], TranscriptRow>>();

  const withTurns = (row: TranscriptRow): Transcript => transcriptOf(row, selectTurns);

  function listStatement(filter: TranscriptFilter) {
    const where = [
      filter.callerNumber !== undefined ? 'caller_number = @caller' : '',
      filter.flowId !== undefined ? 'flow_id = @flow' : '',
      // Byte for byte (LIKE ignores case): live keys never start with `preview:`.
      filter.previewsOf !== undefined ? "(substr(session_key, 1, 8) <> 'preview:' OR substr(session_key, 1, length(@mine)) = @mine)" : '',
      // A tester's row of the partial index (migration 32), from one of the numbers, since it was theirs.
      filter.testCallsFrom !== undefined
        ? "tester = 1 AND substr(session_key, 1, 8) <> 'preview:' AND EXISTS (SELECT 1 FROM json_each(@testers) AS n WHERE json_extract(n.value, '$.number') = caller_number AND started_at >= coalesce(json_extract(n.value, '$.since'), ''))"
        : '',
    ].filter(Boolean);
    const sql = `SELECT id, data FROM transcripts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT @limit`;
    let statement = listing.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      listing.set(sql, statement);
    }
    return statement;
  }

  /** Header and turns, in one row; the caller provides the transaction. */
  function insert(transcript: Transcript): void {
    insertHeader.run(transcript.sessionKey, transcript.callerNumber, transcript.flowId, transcript.startedAt, transcript.tester === true && !transcript.preview ? 1 : 0, JSON.stringify(transcript));
  }

  return {
    start: db.transaction(insert),
    /** As `start`, inside a transaction already open (a turn's write). */
    insert,
    /**
     * A turn, and the contact's end when it ends with it, in one row. Does nothing when the key
     * has no transcript: losing a turn must not fail the caller's call.
     */
    append(sessionKey: string, turn: TranscriptTurn, end?: { at: string; reason: string }): void {
      appendToLatest.run(JSON.stringify(turn), end?.at ?? null, end?.reason ?? null, sessionKey);
    },
    /** Inside a transaction (SqliteStore's batch). */
    end(sessionKey: string, endedAt: string, endReason: string): void {
      clearTurnEnds.run(sessionKey, sessionKey);
      endLatest.run(endedAt, endReason, sessionKey);
    },
    get(sessionKey: string): Transcript | null {
      const row = selectLatest.get(sessionKey);
      return row ? withTurns(row) : null;
    },
    list(filter: TranscriptFilter): Transcript[] {
      const params: Record<string, string | number> = { limit: filter.limit };
      if (filter.callerNumber !== undefined) params.caller = filter.callerNumber;
      if (filter.flowId !== undefined) params.flow = filter.flowId;
      if (filter.previewsOf !== undefined) params.mine = previewKeyPrefix(filter.previewsOf);
      if (filter.testCallsFrom !== undefined) {
        if (filter.testCallsFrom.length === 0) return [];
        params.testers = JSON.stringify(filter.testCallsFrom.map(({ number, since }) => ({ number, ...(since !== undefined ? { since } : {}) })));
      }
      return listStatement(filter).all(params).map(withTurns);
    },
    /** Distinct caller numbers starting with `prefix`, after `after`: a range of the caller index. */
    callers: (prefix: string, after: string, limit: number): string[] => selectCallers.all({ after, lo: prefix, hi: afterPrefix(prefix), limit }).map((r) => r.caller_number),
    // Turns go with their transcript (the trigger of migration 15).
    removeOf: (callerNumber: string): number => deleteOfCaller.run(callerNumber).changes,
    /** Up to `limit` transcripts started before `before`, with their turns. */
    purge: (before: string, limit: number): number => deleteBefore.run(before, limit).changes,
    /**
     * At most `max` transcripts whose key starts with `prefix` (a range of the session index,
     * never a table scan): counted first (the index alone); when over, the oldest go down to
     * `down` (sorting them is the costly part, so it is not done at every call).
     */
    keepNewestWithPrefix(prefix: string, max: number, down = max): number {
      const range = { lo: prefix, hi: afterPrefix(prefix) };
      if ((countWithPrefix.get(range)?.n ?? 0) <= max) return 0;
      return deleteBeyondNewest.run({ ...range, keep: down }).changes;
    },
    all: (): Transcript[] => selectAll.all().map(withTurns),
  };
}

export type TranscriptTable = ReturnType<typeof createTranscriptTable>;
