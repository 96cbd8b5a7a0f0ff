import type Database from 'better-sqlite3';
import { DUMP_PAGE_ROWS, pagedRows } from '../dumpedPages.ts';
import type { JsonValue } from '@griot/flows';
import {
  isNewerStatus,
  STATUS_KEPT_MS,
  type ConversationMark,
  type DeliveryReport,
  type InboundLease,
  type InboundOutcome,
  type InboundRecord,
  type InboundState,
  type MessagingDump,
  type NewInbound,
  type OutboundRecord,
} from '../messagingTypes.ts';

interface InboundRow {
  id: string;
  channel: string;
  conversation_key: string;
  state: InboundState;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  received_at: string;
  updated_at: string;
  expires_at: string | null;
  payload: string | null;
  progress: string | null;
  last_error: string | null;
}

function recordOf(row: InboundRow): InboundRecord {
  return {
    id: row.id,
    channel: row.channel,
    conversationKey: row.conversation_key,
    state: row.state,
    ...(row.payload !== null ? { payload: JSON.parse(row.payload) as JsonValue } : {}),
    attempts: row.attempts,
    ...(row.lease_owner !== null && row.lease_until !== null ? { lease: { owner: row.lease_owner, until: row.lease_until } } : {}),
    ...(row.progress !== null ? { progress: JSON.parse(row.progress) as JsonValue } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
  };
}

/**
 * Messaging's tables (migration 4) with their statements. Synchronous: the store runs the writes
 * inside its group commit (`WriteBatcher`), where each is atomic, across processes too.
 * ISO-8601 UTC instants compare as text.
 */
/**
 * The conversations as `dump()` gives them (those not expired at `at`), `size` per call from
 * `reader` (a backup's snapshot), by key (the primary key): one per subscriber who wrote within
 * the window, the one messaging list that grows with the subscribers. Empty once all are read.
 */
export function conversationPages(reader: Database.Database, at: string, size: number): () => ConversationMark[] {
  const page = reader.prepare<[string, string, number], { key: string; last_inbound: string; expires_at: string }>(
    'SELECT * FROM messaging_conversations WHERE key > ? AND expires_at > ? ORDER BY key LIMIT ?',
  );
  let last = '';
  let done = false;
  return () => {
    if (done) return [];
    const rows = page.all(last, at, size);
    if (rows.length === 0) done = true;
    last = rows.at(-1)?.key ?? last;
    return rows.map((r): ConversationMark => ({ key: r.key, lastInbound: r.last_inbound, expiresAt: r.expires_at }));
  };
}

export function createMessagingTables(db: Database.Database) {
  const inbound = {
    // A new id, or one whose earlier record expired, is recorded; a live one is left as it is.
    insert: db.prepare<[string, string, string, string | null, string | null, string, string, string | null, string | null, string]>(
      `INSERT INTO messaging_inbound (id, channel, conversation_key, state, attempts, lease_owner, lease_until, received_at, updated_at, expires_at, payload)
       VALUES (?, ?, ?, 'received', 0, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, conversation_key = excluded.conversation_key, state = 'received', attempts = 0,
         lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, received_at = excluded.received_at, updated_at = excluded.updated_at,
         expires_at = excluded.expires_at, payload = excluded.payload, progress = NULL, last_error = NULL
       WHERE messaging_inbound.expires_at IS NOT NULL AND messaging_inbound.expires_at <= ?`,
    ),
    take: db.prepare<[string, string, string, string, string, string], InboundRow>(
      `UPDATE messaging_inbound SET attempts = attempts + 1, lease_owner = ?, lease_until = ?, updated_at = ?
       WHERE id = ? AND state = 'received' AND (lease_owner IS NULL OR lease_until <= ? OR lease_owner = ?) RETURNING *`,
    ),
    hold: db.prepare<[string, string | null, string | null, string, string]>(
      `UPDATE messaging_inbound SET lease_until = ?, progress = COALESCE(?, progress), last_error = COALESCE(?, last_error)
       WHERE id = ? AND state = 'received' AND lease_owner = ?`,
    ),
    renew: db.prepare<[string, string, string]>("UPDATE messaging_inbound SET lease_until = ? WHERE id = ? AND state = 'received' AND lease_owner = ?"),
    settle: db.prepare<[string, string, string, string | null, string, string]>(
      `UPDATE messaging_inbound SET state = ?, updated_at = ?, expires_at = ?, last_error = COALESCE(?, last_error),
         payload = NULL, progress = NULL, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND state = 'received' AND lease_owner = ?`,
    ),
    due: db.prepare<[string, number], InboundRow>(
      `SELECT * FROM messaging_inbound WHERE state = 'received' AND payload IS NOT NULL AND (lease_owner IS NULL OR lease_until <= ?)
       ORDER BY received_at, seq LIMIT ?`,
    ),
    list: db.prepare<[string, number], InboundRow>(
      `SELECT id, channel, conversation_key, state, attempts, lease_owner, lease_until, received_at, updated_at, expires_at, NULL AS payload, NULL AS progress, last_error
       FROM messaging_inbound WHERE state IN (SELECT value FROM json_each(?)) ORDER BY received_at DESC, seq DESC LIMIT ?`,
    ),
    waiting: db.prepare<[], InboundRow>("SELECT * FROM messaging_inbound WHERE state = 'received' AND payload IS NOT NULL ORDER BY received_at, seq"),
    restore: db.prepare<[string, string, string, number, string, string, string | null, string | null]>(
      `INSERT INTO messaging_inbound (id, channel, conversation_key, state, attempts, received_at, updated_at, payload, last_error)
       VALUES (?, ?, ?, 'received', ?, ?, ?, ?, ?)`,
    ),
    purge: db.prepare<[string]>('DELETE FROM messaging_inbound WHERE expires_at IS NOT NULL AND expires_at <= ?'),
  };
  const conversations = {
    get: db.prepare<[string, string], { last_inbound: string }>('SELECT last_inbound FROM messaging_conversations WHERE key = ? AND expires_at > ?'),
    put: db.prepare<[string, string, string]>(
      `INSERT INTO messaging_conversations (key, last_inbound, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET last_inbound = excluded.last_inbound, expires_at = excluded.expires_at`,
    ),
    all: db.prepare<[string], { key: string; last_inbound: string; expires_at: string }>('SELECT * FROM messaging_conversations WHERE expires_at > ? ORDER BY key'),
    purge: db.prepare<[string]>('DELETE FROM messaging_conversations WHERE expires_at <= ?'),
  };
  const outbound = {
    get: db.prepare<[string, string], { data: string }>('SELECT data FROM messaging_outbound WHERE key = ? AND expires_at > ?'),
    put: db.prepare<[string, string, string, string]>(
      `INSERT INTO messaging_outbound (key, conversation_key, expires_at, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET conversation_key = excluded.conversation_key, expires_at = excluded.expires_at, data = excluded.data`,
    ),
    ofConversation: db.prepare<[string, string], { data: string }>('SELECT data FROM messaging_outbound WHERE conversation_key = ? AND expires_at > ? ORDER BY key'),
    purge: db.prepare<[string]>('DELETE FROM messaging_outbound WHERE expires_at <= ?'),
  };
  const statuses = {
    get: db.prepare<[string], { data: string }>('SELECT data FROM messaging_statuses WHERE message_id = ?'),
    put: db.prepare<[string, string, string]>(
      'INSERT INTO messaging_statuses (message_id, expires_at, data) VALUES (?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data',
    ),
    purge: db.prepare<[string]>('DELETE FROM messaging_statuses WHERE expires_at <= ?'),
  };
  const now = () => new Date().toISOString();
  const json = (value: JsonValue | null | undefined) => (value === null || value === undefined ? null : JSON.stringify(value));

  return {
    recordInbound(messages: NewInbound[]): boolean[] {
      const at = now();
      return messages.map(
        (m) =>
          inbound.insert.run(m.id, m.channel, m.conversationKey, m.lease?.owner ?? null, m.lease?.until ?? null, m.receivedAt, m.receivedAt, m.expiresAt ?? null, json(m.payload), at).changes === 1,
      );
    },
    takeInbound(id: string, lease: InboundLease, at: string): InboundRecord | null {
      const row = inbound.take.get(lease.owner, lease.until, at, id, at, lease.owner);
      return row ? recordOf(row) : null;
    },
    holdInbound(id: string, lease: InboundLease, update: { progress?: JsonValue; error?: string }): boolean {
      return inbound.hold.run(lease.until, json(update.progress), update.error ?? null, id, lease.owner).changes === 1;
    },
    renewLeases(owner: string, ids: string[], until: string): number {
      let count = 0;
      for (const id of ids) count += inbound.renew.run(until, id, owner).changes;
      return count;
    },
    settleInbound(id: string, owner: string, outcome: InboundOutcome): boolean {
      return inbound.settle.run(outcome.state, outcome.at, outcome.expiresAt, outcome.error ?? null, id, owner).changes === 1;
    },
    dueInbound: (at: string, limit: number) => inbound.due.all(at, limit).map(recordOf),
    listInbound: (filter: { states: InboundState[]; limit: number }) => inbound.list.all(JSON.stringify(filter.states), filter.limit).map(recordOf),
    touchConversation(key: string, at: string, expiresAt: string): string | null {
      const previous = conversations.get.get(key, now())?.last_inbound ?? null;
      // A late re-delivery must not move the last time back.
      conversations.put.run(key, previous !== null && previous > at ? previous : at, expiresAt);
      return previous;
    },
    lastInbound: (key: string) => conversations.get.get(key, now())?.last_inbound ?? null,
    getOutbound(key: string): OutboundRecord | null {
      const row = outbound.get.get(key, now());
      return row ? (JSON.parse(row.data) as OutboundRecord) : null;
    },
    putOutbound(record: OutboundRecord): void {
      outbound.put.run(record.key, record.conversationKey, record.expiresAt, JSON.stringify(record));
    },
    recordStatus(report: DeliveryReport): DeliveryReport {
      const row = statuses.get.get(report.messageId);
      const current = row ? (JSON.parse(row.data) as DeliveryReport) : null;
      if (!isNewerStatus(current, report)) return current as DeliveryReport;
      statuses.put.run(report.messageId, new Date(Date.now() + STATUS_KEPT_MS).toISOString(), JSON.stringify(report));
      return report;
    },
    getStatus(messageId: string): DeliveryReport | null {
      const row = statuses.get.get(messageId);
      return row ? (JSON.parse(row.data) as DeliveryReport) : null;
    },
    purgeExpired: (at: string) => inbound.purge.run(at).changes + conversations.purge.run(at).changes + outbound.purge.run(at).changes + statuses.purge.run(at).changes,

    /**
     * What a backup keeps (`MessagingDump`). With `reader` (the backup writer's dump), the
     * conversations are read from it a page at a time as the writer comes to them.
     */
    dump(reader?: Database.Database): MessagingDump {
      const at = now();
      // A backup's messages belong to no process: whoever restores it processes them. Their
      // progress (the replies a turn rendered) may hold what the flow told a subscriber (a PUK
      // code): it never enters a backup.
      const waiting = inbound.waiting.all().map((row) => recordOf({ ...row, lease_owner: null, lease_until: null, progress: null }));
      const keys = [...new Set(waiting.map((r) => r.conversationKey))];
      return {
        inbound: waiting,
        outbound: keys.flatMap((key) => outbound.ofConversation.all(key, at).map((r) => JSON.parse(r.data) as OutboundRecord)),
        conversations: reader
          ? pagedRows(conversationPages(reader, at, DUMP_PAGE_ROWS))
          : conversations.all.all(at).map((r): ConversationMark => ({ key: r.key, lastInbound: r.last_inbound, expiresAt: r.expires_at })),
      };
    },
    restore(dump: MessagingDump): void {
      for (const r of dump.inbound) {
        inbound.restore.run(r.id, r.channel, r.conversationKey, r.attempts, r.receivedAt, r.updatedAt, json(r.payload), r.lastError ?? null);
      }
      for (const r of dump.outbound) outbound.put.run(r.key, r.conversationKey, r.expiresAt, JSON.stringify(r));
      for (const c of dump.conversations) conversations.put.run(c.key, c.lastInbound, c.expiresAt);
    },
  };
}

export type MessagingTables = ReturnType<typeof createMessagingTables>;
