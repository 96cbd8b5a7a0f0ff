import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { messagingMigration } from './messagingMigration.ts';
import { ANALYTICS_SCHEMA } from './analyticsTables.ts';
import { clusterMigration } from './clusterMigration.ts';
import { audioBlobsMigration } from './audioBlobsMigration.ts';
import { audioPartsMigration } from './audioPartsMigration.ts';
import { audioReleaseMigration } from './audioReleaseMigration.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, as numbered steps applied in order and never edited once released: a new need
 * is a new migration. Documents are JSON text; keys and what we filter or sort on are columns.
 * References between flows and their drafts, versions, environments and bindings are not
 * foreign keys, so the SQLite and MongoDB adapters accept the same writes; deleteFlow removes
 * the dependants itself.
 */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE flows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE drafts (
        flow_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        document TEXT NOT NULL,
        hash TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE TABLE versions (
        flow_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        hash TEXT NOT NULL,
        document TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (flow_id, number)
      );
      CREATE TABLE environments (
        flow_id TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        history TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (flow_id, name)
      );
      CREATE TABLE bindings (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        flow_id TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (channel, address)
      );
      CREATE INDEX bindings_flow ON bindings (flow_id);
      CREATE TABLE sessions (
        key TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
      CREATE TABLE callers (
        number TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX callers_updated_at ON callers (updated_at);
      CREATE TABLE transcripts (
        id INTEGER PRIMARY KEY,
        session_key TEXT NOT NULL,
        caller_number TEXT NOT NULL,
        flow_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX transcripts_session ON transcripts (session_key, id);
      CREATE INDEX transcripts_caller ON transcripts (caller_number, started_at);
      CREATE INDEX transcripts_flow ON transcripts (flow_id, started_at);
      CREATE INDEX transcripts_started_at ON transcripts (started_at);
      -- One row per turn: appending never rewrites the turns before it.
      CREATE TABLE transcript_turns (
        id INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        data TEXT NOT NULL
      );
      CREATE INDEX transcript_turns_transcript ON transcript_turns (transcript_id, id);
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        target TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);
      CREATE INDEX audit_target_at ON audit (target, at);
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
      );
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
      );
      CREATE TABLE login_sessions (
        id TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX login_sessions_expires_at ON login_sessions (expires_at);
    `,
  },
  {
    version: 2,
    name: 'handoff queues',
    sql: `
      -- Contacts handed over to agents; seq keeps arrival order among equal timestamps.
      CREATE TABLE handoff_contacts (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        queue TEXT NOT NULL,
        priority INTEGER NOT NULL,
        enqueued_at TEXT NOT NULL,
        session_key TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX handoff_contacts_order ON handoff_contacts (status, priority, enqueued_at, seq);
      CREATE INDEX handoff_contacts_session ON handoff_contacts (session_key);
      CREATE TABLE handoff_messages (
        seq INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX handoff_messages_contact ON handoff_messages (contact_id, seq);
      CREATE TABLE callback_requests (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE queue_settings (
        queue TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'flow archive',
    sql: `
      -- A deleted flow is archived (restorable) until the retention job purges it.
      ALTER TABLE flows ADD COLUMN archived_at TEXT;
      ALTER TABLE flows ADD COLUMN archived_by TEXT;
      -- Set when production stops running the flow: it was live once.
      ALTER TABLE flows ADD COLUMN left_production_at TEXT;
      CREATE INDEX flows_archived_at ON flows (archived_at) WHERE archived_at IS NOT NULL;
    `,
  },
  messagingMigration,
  {
    version: 5,
    name: 'throttle counters',
    sql: `
      -- Login and bearer-token throttling (runtime/src/auth/throttle): points per key until
      -- expires_at (ms since the epoch; NULL: never). Transient: not in backups.
      CREATE TABLE throttle_counters (
        key TEXT PRIMARY KEY,
        points INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE INDEX throttle_counters_expires_at ON throttle_counters (expires_at);
    `,
  },
  {
    version: 6,
    name: 'readiness heartbeat',
    sql: `
      -- One row, rewritten by /readyz: proof that the file still takes writes.
      CREATE TABLE readiness (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        instance TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'analytics',
    sql: ANALYTICS_SCHEMA,
  },
  {
    version: 9,
    name: 'session revisions and look-up continuations',
    sql: `
      -- Raised by every write of a session: a turn writes only while the row is at the revision
      -- it read, so two processes sharing the file never lose or double a turn (0: written before).
      ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      -- Slow look-ups that outlived their voice turn, and the turn that follows them, for
      -- whichever instance jambonz's redirect reaches. Transient: not in backups.
      CREATE TABLE continuations (
        key TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        owner TEXT NOT NULL,
        until TEXT NOT NULL,
        request TEXT NOT NULL,
        outcome TEXT,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX continuations_expires_at ON continuations (expires_at);
    `,
  },
  {
    version: 10,
    name: 'version labels',
    sql: `
      -- A name people use for a published version ("Ramadan 2027"), editable later; NULL when none.
      ALTER TABLE versions ADD COLUMN label TEXT;
    `,
  },
  {
    version: 11,
    name: 'caller links',
    sql: `
      -- Subscribers a channel knows by a platform id (telegram:<user id>, messenger:<psid>) linked
      -- to their phone number: their profile lives under the number (callers.number).
      CREATE TABLE caller_links (
        key TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX caller_links_number ON caller_links (number);
    `,
  },
  clusterMigration,
  {
    version: 13,
    name: 'channel states',
    sql: `
      -- What a channel keeps per conversation between a platform's requests (USSD screens), sealed
      -- under the data key; written only at the revision read. Transient: not in backups.
      CREATE TABLE channel_states (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        revision INTEGER NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX channel_states_expires_at ON channel_states (expires_at);
    `,
  },
  {
    version: 14,
    name: 'caller contact rows',
    sql: `
      -- A caller's contact history, one row per contact (the last 20, trimmed as one is added),
      -- out of the profile's JSON: a contact's start and end no longer read and rewrite it whole.
      CREATE TABLE caller_contacts (
        number TEXT NOT NULL REFERENCES callers (number) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (number, seq)
      ) WITHOUT ROWID;
      -- The seq of the profile's latest contact: the next one's is known without reading the history.
      ALTER TABLE callers ADD COLUMN contact_seq INTEGER NOT NULL DEFAULT 0;
      INSERT INTO caller_contacts (number, seq, data)
        SELECT c.number, j.key + 1, j.value FROM callers c, json_each(c.data, '$.contacts') j;
      UPDATE callers SET contact_seq = coalesce(json_array_length(data, '$.contacts'), 0), data = json_remove(data, '$.contacts');
    `,
  },
  {
    version: 15,
    name: 'transcript turns numbered by transcript',
    sql: `
      -- A transcript's later turns numbered by the transcript: the row id is the transcript's id
      -- × 2^24 + the turn's number in it (1, 2, …). A transcript's turns are then one range of
      -- the table itself, read in order without an index, and a turn writes one page, not the
      -- table's and an index's. The turn a contact ends with carries the end (ended_at,
      -- end_reason): ending it no longer rewrites the header. (A new transcript's first turn is
      -- in its header's JSON: starting one writes no turn row.) The turns go with their transcript
      -- by the trigger, as they went by the foreign key before.
      CREATE TABLE transcript_turns_numbered (
        id INTEGER PRIMARY KEY CHECK ((id & 16777215) <> 0),
        data TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT
      );
      INSERT INTO transcript_turns_numbered (id, data)
        SELECT transcript_id * 16777216 + row_number() OVER (PARTITION BY transcript_id ORDER BY id), data FROM transcript_turns;
      DROP TABLE transcript_turns;
      ALTER TABLE transcript_turns_numbered RENAME TO transcript_turns;
      CREATE TRIGGER transcripts_turns_go AFTER DELETE ON transcripts BEGIN
        DELETE FROM transcript_turns WHERE id > old.id * 16777216 AND id < (old.id + 1) * 16777216;
      END;
    `,
  },
  {
    version: 16,
    name: 'caller contacts as a ring',
    sql: `
      -- A caller's last 20 contacts as a ring: contact n in slot n % 20, ordered by its seq. A
      -- contact's end rewrites the oldest one's row in place (one page) instead of inserting a
      -- row and deleting another, which fell on different pages. A profile put with more than 20
      -- contacts (a restored backup) keeps the older ones at slot -seq, outside the ring, until
      -- its next contact, as it kept them before. Rows of no profile were unreachable: left out.
      CREATE TABLE caller_contact_ring (
        number TEXT NOT NULL REFERENCES callers (number) ON DELETE CASCADE,
        slot INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (number, slot)
      ) WITHOUT ROWID;
      INSERT INTO caller_contact_ring (number, slot, seq, data)
        SELECT k.number, CASE WHEN k.seq > c.contact_seq - 20 THEN k.seq % 20 ELSE -k.seq END, k.seq, k.data
        FROM caller_contacts k JOIN callers c ON c.number = k.number;
      DROP TABLE caller_contacts;
      ALTER TABLE caller_contact_ring RENAME TO caller_contacts;
    `,
  },
  {
    version: 17,
    name: 'what an imported file claimed about a version',
    // JSON {author, createdAt, message}: the file's claims, kept apart from who imported it and when.
    sql: `ALTER TABLE versions ADD COLUMN imported_from TEXT;`,
  },
  {
    version: 18,
    name: 'environments remember the versions a publisher put there',
    sql: `
      -- NULL on pointers set before: none of their versions counts as vetted.
      ALTER TABLE environments ADD COLUMN vetted TEXT;
    `,
  },
  {
    version: 19,
    name: 'audio names frozen by published versions',
    sql: `
      -- Names a published version holds (a publish records them before it adds the version): an
      -- upload checks and writes in one transaction, so it never replaces one that just became used.
      CREATE TABLE audio_frozen (
        flow_id TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (flow_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 20,
    name: 'recorded takes and since when nothing names them',
    sql: `
      -- take_of: the prompt a numbered take was kept for (the designer's upload of a new take of a
      -- name a published version holds); NULL for every file stored before, never removed by the
      -- clean-up. unnamed_since: since when nothing names the file, noted by the clean-up.
      ALTER TABLE audio ADD COLUMN take_of TEXT;
      ALTER TABLE audio ADD COLUMN unnamed_since TEXT;
    `,
  },
  {
    version: 21,
    name: 'requests that a publisher publish a draft',
    sql: `
      -- The request as JSON (data), with the columns lists filter and sort on.
      CREATE TABLE publication_requests (
        id TEXT PRIMARY KEY,
        flow_id TEXT NOT NULL,
        status TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX publication_requests_by_flow ON publication_requests (flow_id, status, requested_at);
      CREATE INDEX publication_requests_by_status ON publication_requests (status, requested_at);
    `,
  },
  {
    version: 22,
    name: 'who asked for a publication, as a column',
    sql: `
      -- The requester as a column, so a user's own requests are found before the list's limit.
      ALTER TABLE publication_requests ADD COLUMN requested_by TEXT;
      UPDATE publication_requests SET requested_by = json_extract(data, '$.requestedBy');
      CREATE INDEX publication_requests_by_requester ON publication_requests (requested_by, requested_at);
    `,
  },
  {
    version: 23,
    name: 'the audit log by user and by action',
    sql: `
      -- The audit screen's filters, newest first: the same expressions as auditTable.ts's query, so
      -- the planner reads them from the index; seq, the rowid, ends every index entry, so the list's
      -- order (at, seq) needs no sort.
      CREATE INDEX audit_actor_at ON audit (json_extract(data, '$.actor'), at);
      CREATE INDEX audit_action_at ON audit (json_extract(data, '$.action'), at);
    `,
  },
  {
    version: 24,
    name: 'agent messages not yet taken by their channel',
    sql: `
      -- 1 while an agent's message waits for its channel to take it (the recovery pass reads these).
      ALTER TABLE handoff_messages ADD COLUMN pending INTEGER;
      CREATE INDEX handoff_messages_pending ON handoff_messages (seq) WHERE pending = 1;
    `,
  },
  {
    version: 25,
    name: 'canned replies',
    sql: `
      -- The texts agents insert in their reply box (réponses types), one JSON document each.
      CREATE TABLE canned_replies (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
    `,
  },
  {
    version: 26,
    name: 'erased callers kept out of analytics facts',
    sql: `
      -- The keyed digests of callers erased (right to erasure), kept as long as raw facts are: a fact
      -- naming one (queued by another instance before the erasure) loses it when written (analyticsTables.ts).
      CREATE TABLE erased_callers (
        digest TEXT PRIMARY KEY,
        erased_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 27,
    name: 'bot turns after a handback not yet sent',
    sql: `
      -- The bot's turn after an agent hands back, kept until its channel took it (PendingBotTurn).
      CREATE TABLE pending_bot_turns (
        contact_id TEXT PRIMARY KEY,
        next_at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX pending_bot_turns_due ON pending_bot_turns (next_at);
    `,
  },
  {
    version: 28,
    name: 'closed contacts whose messages are not yet masked',
    sql: `
      -- A contact closed, its messages not yet masked (a process stopped in between): the masking pass
      -- reads these. The same expression as handoffTables.ts's query, so the planner uses the index.
      CREATE INDEX handoff_contacts_mask_pending ON handoff_contacts (seq) WHERE json_extract(data, '$.maskPending') IS NOT NULL;
    `,
  },
  {
    version: 29,
    name: 'contacts closed before the masking are masked too',
    sql: `
      -- Contacts closed by a Griot that did not mask their messages yet: the masking pass (at start,
      -- then every minute) masks them like one a stopped process left. Masking is idempotent.
      UPDATE handoff_contacts SET data = json_set(data, '$.maskPending', json('true')) WHERE status = 'closed' AND json_extract(data, '$.maskPending') IS NULL;
    `,
  },
  {
    version: 30,
    name: 'an imported flow keeps what its file claimed of its creation apart',
    sql: `ALTER TABLE flows ADD COLUMN imported_from TEXT;`,
  },
  {
    version: 31,
    name: 'the recorded prompts quota sums sizes from an index',
    // Covers SUM(bytes) of all files and of a flow's: an upload's quota check reads neither a row nor a blob page.
    sql: `CREATE INDEX audio_sizes ON audio (flow_id, bytes);`,
  },
  {
    version: 32,
    name: 'transcripts know a contact routed as a tester',
    sql: `
      -- 1 when the contact was routed as a tester's (Transcript.tester); older transcripts are nobody's test calls.
      ALTER TABLE transcripts ADD COLUMN tester INTEGER NOT NULL DEFAULT 0;
      -- A flow's test calls, newest first: only the few tester rows are in it.
      CREATE INDEX transcripts_tester ON transcripts (flow_id, started_at) WHERE tester = 1;
    `,
  },
  {
    version: 33,
    name: 'agents have a presence supervisors see',
    sql: `
      -- One row per agent: the state they chose (or a supervisor gave them) and when a page of theirs was last open.
      CREATE TABLE agent_presence (
        username TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        since TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        last_seen_at TEXT
      );
    `,
  },
  {
    version: 34,
    name: 'agents say why they pause',
    sql: `
      -- One of GRIOT_PAUSE_REASONS' labels while the agent is paused, else NULL.
      ALTER TABLE agent_presence ADD COLUMN reason TEXT;
    `,
  },
  audioBlobsMigration,
  audioPartsMigration,
  audioReleaseMigration,
];

/**
 * A database written by a newer Griot (a release that migrated it, then was replaced by an older
 * one): refused before anything is written, with the versions, so that the operator is told to go
 * forward or restore, not that the directory is unwritable.
 */
export class SchemaTooNew extends Error {
  override readonly name = 'SchemaTooNew';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database is at schema version ${found} but this Griot knows only up to ${known}: upgrade Griot or use a backup`);
  }
}

/** SQLite's codes for what stops any write to the file, whatever the step. */
const FILE_NOT_STEP = /^SQLITE_(BUSY|READONLY|CANTOPEN|PERM|FULL|IOERR)/;

/** A migration step that failed: the transaction is rolled back, the file is as it was. */
export class MigrationFailed extends Error {
  override readonly name = 'MigrationFailed';
  constructor(step: Migration, from: number, cause: unknown) {
    super(`migrating from schema version ${from}, step ${step.version} (${step.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}; the file is left as it was`, { cause });
  }
}

/**
 * Brings the database to the latest schema in one transaction: a failed step leaves it as it
 * was. Every step not yet recorded runs, in order, even one numbered below a step already
 * applied (parts developed side by side take their numbers ahead of time, and a database may
 * have met the higher one first). Refuses a database written by a newer Griot rather than guess
 * at its schema.
 */
export function migrate(db: Database.Database, steps: Migration[] = migrations): number[] {
  // The SHA-256 of a blob, hex (migration 35 keys recordings by their bytes' own hash).
  db.function('griot_sha256', { deterministic: true }, (content: unknown) =>
    createHash('sha256')
      .update(content as Uint8Array | string)
      .digest('hex'),
  );
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
    const known = new Set(steps.map((s) => s.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) throw new SchemaTooNew(Math.max(...unknown), Math.max(0, ...known));
    const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    // Every step the file has not had, in order: a step numbered below one already applied (two
    // changes developed side by side) is applied too, never skipped.
    for (const step of [...steps].sort((a, b) => a.version - b.version).filter((s) => !done.has(s.version))) {
      try {
        db.exec(step.sql);
      } catch (error) {
        // Busy: another process holds the file (start-up tries again); a file this process may
        // not write (SQLite opens a file it may only read read-only: owned by root after a
        // `griot restore` as root, a read-only disk), a full disk or an I/O error: the file's or
        // the disk's fault, said as such by start-up. Anything else is this step's fault.
        if (FILE_NOT_STEP.test(String((error as { code?: unknown }).code ?? ''))) throw error;
        throw new MigrationFailed(step, Math.max(0, ...done), error);
      }
      record.run(step.version, step.name, new Date().toISOString());
      applied.push(step.version);
    }
    return applied;
  });
  return run.immediate();
}
