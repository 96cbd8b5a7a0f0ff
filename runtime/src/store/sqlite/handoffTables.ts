import type Database from 'better-sqlite3';
import type {
  CallbackRequest,
  CallbackRequestPatch,
  CallbackStatus,
  HandoffContact,
  HandoffContactPatch,
  HandoffExpectation,
  HandoffMessage,
  HandoffStatus,
  QueueSettings,
  CannedReply,
  PendingBotTurn,
  ContactToMask,
} from '../types.ts';
import { expectationOf } from '../handoffExpectation.ts';
import { sortedCanned } from '../cannedReplyOrder.ts';
import { maskMessageText } from '../../sensitive/maskMessageText.ts';

const parse = <T>(r: { data: string }) => JSON.parse(r.data) as T;

/** A contact as every read but the masking pass's gives it: without the values to mask. */
const withoutMaskValues = ({ maskValues: _values, ...contact }: ContactToMask): HandoffContact => contact;

/** Applies a patch where `undefined` removes the field. */
function patched<T extends object>(current: T, patch: object): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Handoff contacts, their messages, callback requests and queue settings. */
export function createHandoffTables(db: Database.Database) {
  const upsertContact = db.prepare<[string, string, number, string, string, string, string]>(
    `INSERT INTO handoff_contacts (id, queue, priority, enqueued_at, session_key, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET queue = excluded.queue, priority = excluded.priority, enqueued_at = excluded.enqueued_at,
       session_key = excluded.session_key, status = excluded.status, data = excluded.data`,
  );
  const selectContact = db.prepare<[string], { data: string }>('SELECT data FROM handoff_contacts WHERE id = ?');
  const insertMessage = db.prepare<[string, number | null, string]>('INSERT INTO handoff_messages (contact_id, pending, data) VALUES (?, ?, ?)');
  const selectMessage = db.prepare<[string, string], { data: string }>("SELECT data FROM handoff_messages WHERE contact_id = ? AND json_extract(data, '$.id') = ? ORDER BY seq LIMIT 1");
  const selectPending = db.prepare<[string, number], { data: string }>("SELECT data FROM handoff_messages WHERE pending = 1 AND json_extract(data, '$.at') < ? ORDER BY seq LIMIT ?");
  const settleMessage = db.prepare<[string, string]>(
    "UPDATE handoff_messages SET pending = NULL, data = json_remove(data, '$.pending') WHERE contact_id = ? AND json_extract(data, '$.id') = ? AND pending = 1",
  );
  const settleUndelivered = db.prepare<[string, string, string]>(
    "UPDATE handoff_messages SET pending = NULL, data = json_set(json_remove(data, '$.pending'), '$.undelivered', ?) WHERE contact_id = ? AND json_extract(data, '$.id') = ? AND pending = 1",
  );
  const selectMessages = db.prepare<[string], { data: string }>('SELECT data FROM handoff_messages WHERE contact_id = ? ORDER BY seq');
  const selectMessageRows = db.prepare<[string], { seq: number; data: string }>('SELECT seq, data FROM handoff_messages WHERE contact_id = ? ORDER BY seq');
  const rewriteMessage = db.prepare<[string, number]>('UPDATE handoff_messages SET data = ? WHERE seq = ?');
  // The partial index handoff_contacts_mask_pending (migration 28) holds only these.
  const selectToMask = db.prepare<[number], { data: string }>("SELECT data FROM handoff_contacts WHERE json_extract(data, '$.maskPending') IS NOT NULL ORDER BY seq LIMIT ?");
  const selectHeldMaskValues = db.prepare<[string], { held: number }>(
    "SELECT json_extract(data, '$.maskValues') IS NOT NULL AS held FROM handoff_contacts WHERE id = ? AND json_extract(data, '$.maskPending') IS NOT NULL",
  );
  const clearMaskPending = db.prepare<[string]>(
    "UPDATE handoff_contacts SET data = json_remove(data, '$.maskPending', '$.maskValues') WHERE id = ? AND json_extract(data, '$.maskPending') IS NOT NULL",
  );
  const upsertCallback = db.prepare<[string, string, string]>(
    'INSERT INTO callback_requests (id, status, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data',
  );
  const selectCallback = db.prepare<[string], { data: string }>('SELECT data FROM callback_requests WHERE id = ?');
  const upsertSettings = db.prepare<[string, string]>('INSERT INTO queue_settings (queue, data) VALUES (?, ?) ON CONFLICT (queue) DO UPDATE SET data = excluded.data');
  const selectSettings = db.prepare<[string], { data: string }>('SELECT data FROM queue_settings WHERE queue = ?');
  const selectAllSettings = db.prepare<[], { data: string }>('SELECT data FROM queue_settings ORDER BY queue');
  const deleteSettings = db.prepare<[string]>('DELETE FROM queue_settings WHERE queue = ?');
  const upsertCanned = db.prepare<[string, string]>('INSERT INTO canned_replies (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data');
  const selectCanned = db.prepare<[string], { data: string }>('SELECT data FROM canned_replies WHERE id = ?');
  const selectAllCanned = db.prepare<[], { data: string }>('SELECT data FROM canned_replies');
  const deleteCanned = db.prepare<[string]>('DELETE FROM canned_replies WHERE id = ?');
  const upsertBotTurn = db.prepare<[string, string, string]>(
    'INSERT INTO pending_bot_turns (contact_id, next_at, data) VALUES (?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET next_at = excluded.next_at, data = excluded.data',
  );
  const selectDueBotTurns = db.prepare<[string, number], { data: string }>('SELECT data FROM pending_bot_turns WHERE next_at <= ? ORDER BY next_at LIMIT ?');
  const selectBotTurn = db.prepare<[string], { data: string }>('SELECT data FROM pending_bot_turns WHERE contact_id = ?');
  const claimBotTurn = db.prepare<[string, string, string, string], { data: string }>(
    "UPDATE pending_bot_turns SET next_at = ?, data = json_set(data, '$.nextAt', ?) WHERE contact_id = ? AND next_at = ? RETURNING data",
  );
  const deleteBotTurn = db.prepare<[string]>('DELETE FROM pending_bot_turns WHERE contact_id = ?');

  // Compiled once per filter shape (a handful): analytics reads a session's contacts on survey answers and endings.
  const listStatements = new Map<string, Database.Statement<string[], { data: string }>>();

  const putContact = (c: HandoffContact) => upsertContact.run(c.id, c.queue, c.priority, c.enqueuedAt, c.sessionKey, c.status, JSON.stringify(c));
  const getStoredContact = (id: string): ContactToMask | null => {
    const row = selectContact.get(id);
    return row ? parse<ContactToMask>(row) : null;
  };
  const getContact = (id: string): HandoffContact | null => {
    const stored = getStoredContact(id);
    return stored ? withoutMaskValues(stored) : null;
  };
  const getCallback = (id: string): CallbackRequest | null => {
    const row = selectCallback.get(id);
    return row ? parse<CallbackRequest>(row) : null;
  };
  // Read, check and write in one immediate transaction: a concurrent writer waits, so a take is atomic.
  const updateContact = db.transaction((id: string, expected: HandoffExpectation, patch: HandoffContactPatch): HandoffContact | null => {
    const current = getStoredContact(id);
    const { statuses, agent, queue, priority } = expectationOf(expected);
    if (!current || !statuses.includes(current.status)) return null;
    if (agent !== undefined && (current.agent ?? null) !== agent) return null;
    if (queue !== undefined && current.queue !== queue) return null;
    if (priority !== undefined && current.priority !== priority) return null;
    const next = patched(current, patch);
    putContact(next);
    return withoutMaskValues(next);
  });
  // The masked texts and the contact's mark in one transaction: both or neither. `clearedValues`:
  // the mark removed held values to mask (in clear without GRIOT_DATA_KEY), still in the WAL's frames.
  const maskMessages = db.transaction((contactId: string, values: string[]): { changed: number; clearedValues: boolean } => {
    let changed = 0;
    for (const row of selectMessageRows.all(contactId)) {
      const message = parse<HandoffMessage>(row);
      const text = maskMessageText(message.text, values);
      if (text === message.text) continue;
      rewriteMessage.run(JSON.stringify({ ...message, text }), row.seq);
      changed++;
    }
    const clearedValues = selectHeldMaskValues.get(contactId)?.held === 1;
    clearMaskPending.run(contactId);
    return { changed, clearedValues };
  });
  const updateCallback = db.transaction((id: string, expected: CallbackStatus[], patch: CallbackRequestPatch): CallbackRequest | null => {
    const current = getCallback(id);
    if (!current || !expected.includes(current.status)) return null;
    const next = patched(current, patch);
    upsertCallback.run(next.id, next.status, JSON.stringify(next));
    return next;
  });

  return {
    putContact: (c: HandoffContact): void => void putContact(c),
    getContact,
    listContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }): HandoffContact[] {
      const where: string[] = [];
      const args: Array<string> = [];
      if (filter.statuses) {
        if (filter.statuses.length === 0) return [];
        where.push(`status IN (${placeholders(filter.statuses.length)})`);
        args.push(...filter.statuses);
      }
      if (filter.queue !== undefined) {
        where.push('queue = ?');
        args.push(filter.queue);
      }
      if (filter.sessionKey !== undefined) {
        where.push('session_key = ?');
        args.push(filter.sessionKey);
      }
      const sql = `SELECT data FROM handoff_contacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY priority, enqueued_at, seq`;
      let statement = listStatements.get(sql);
      if (!statement) listStatements.set(sql, (statement = db.prepare<string[], { data: string }>(sql)));
      return statement.all(...args).map((r) => withoutMaskValues(parse<ContactToMask>(r)));
    },
    updateContact: (id: string, expected: HandoffExpectation, patch: HandoffContactPatch) => updateContact.immediate(id, expected, patch),
    appendMessage: (m: HandoffMessage): void => void insertMessage.run(m.contactId, m.pending ? 1 : null, JSON.stringify(m)),
    appendMessageOnce: db.transaction((m: HandoffMessage, holder?: string): HandoffMessage | null | 'changedHands' => {
      const stored = selectMessage.get(m.contactId, m.id);
      if (stored) return parse<HandoffMessage>(stored);
      if (holder !== undefined) {
        const row = selectContact.get(m.contactId);
        const contact = row ? parse<HandoffContact>(row) : null;
        if (contact?.status !== 'assigned' || contact.agent !== holder) return 'changedHands';
      }
      insertMessage.run(m.contactId, m.pending ? 1 : null, JSON.stringify(m));
      return null;
    }),
    listPendingMessages: (before: string, limit: number): HandoffMessage[] => selectPending.all(before, limit).map((r) => parse<HandoffMessage>(r)),
    settleMessage: (contactId: string, id: string, undelivered?: string): boolean =>
      (undelivered === undefined ? settleMessage.run(contactId, id) : settleUndelivered.run(undelivered, contactId, id)).changes > 0,
    getMessage(contactId: string, id: string): HandoffMessage | null {
      const row = selectMessage.get(contactId, id);
      return row ? parse<HandoffMessage>(row) : null;
    },
    listMessages: (contactId: string): HandoffMessage[] => selectMessages.all(contactId).map((r) => parse<HandoffMessage>(r)),
    maskMessages: (contactId: string, values: string[]): { changed: number; clearedValues: boolean } => maskMessages.immediate(contactId, values),
    listToMask: (limit: number): ContactToMask[] => selectToMask.all(limit).map((r) => parse<ContactToMask>(r)),
    putCallback: (r: CallbackRequest): void => void upsertCallback.run(r.id, r.status, JSON.stringify(r)),
    getCallback,
    listCallbacks(filter: { statuses?: CallbackStatus[] }): CallbackRequest[] {
      if (filter.statuses?.length === 0) return [];
      const sql = `SELECT data FROM callback_requests ${filter.statuses ? `WHERE status IN (${placeholders(filter.statuses.length)})` : ''} ORDER BY json_extract(data, '$.requestedAt'), seq`;
      return db
        .prepare<string[], { data: string }>(sql)
        .all(...(filter.statuses ?? []))
        .map((r) => parse<CallbackRequest>(r));
    },
    updateCallback: (id: string, expected: CallbackStatus[], patch: CallbackRequestPatch) => updateCallback.immediate(id, expected, patch),
    getSettings(queue: string): QueueSettings | null {
      const row = selectSettings.get(queue);
      return row ? parse<QueueSettings>(row) : null;
    },
    putSettings: (s: QueueSettings): void => void upsertSettings.run(s.queue, JSON.stringify(s)),
    listSettings: (): QueueSettings[] => selectAllSettings.all().map((r) => parse<QueueSettings>(r)),
    deleteSettings: (queue: string): boolean => deleteSettings.run(queue).changes > 0,
    listCanned: (): CannedReply[] => sortedCanned(selectAllCanned.all().map((r) => parse<CannedReply>(r))),
    getCanned(id: string): CannedReply | null {
      const row = selectCanned.get(id);
      return row ? parse<CannedReply>(row) : null;
    },
    putCanned: (r: CannedReply): void => void upsertCanned.run(r.id, JSON.stringify(r)),
    deleteCanned: (id: string): boolean => deleteCanned.run(id).changes > 0,
    putBotTurn: (t: PendingBotTurn): void => void upsertBotTurn.run(t.contactId, t.nextAt, JSON.stringify(t)),
    listDueBotTurns: (now: string, limit: number): PendingBotTurn[] => selectDueBotTurns.all(now, limit).map((r) => parse<PendingBotTurn>(r)),
    getBotTurn(contactId: string): PendingBotTurn | null {
      const row = selectBotTurn.get(contactId);
      return row ? parse<PendingBotTurn>(row) : null;
    },
    claimBotTurn(contactId: string, seenNextAt: string, until: string): PendingBotTurn | null {
      const row = claimBotTurn.get(until, until, contactId, seenNextAt);
      return row ? parse<PendingBotTurn>(row) : null;
    },
    deleteBotTurn: (contactId: string): number => deleteBotTurn.run(contactId).changes,
  };
}

/**
 * The contacts in `listContacts({})`'s order, ids and session keys only (a backup's snapshot,
 * `reader`): what its pages of contacts and messages follow, and whose session masks each
 * contact's messages. One read of the table, sorted (no index holds that order), strings only.
 */
export function contactOrder(reader: Database.Database): Array<{ id: string; sessionKey: string }> {
  return reader
    .prepare<[], { id: string; session_key: string }>('SELECT id, session_key FROM handoff_contacts ORDER BY priority, enqueued_at, seq')
    .all()
    .map((r) => ({ id: r.id, sessionKey: r.session_key }));
}

/** The contacts `contactIds` (in that order), as `listContacts` gives them, `size` per call from `reader`; empty once all are read. */
export function contactPages(reader: Database.Database, contactIds: readonly string[], size: number): () => HandoffContact[] {
  const select = reader.prepare<[string], { data: string }>('SELECT data FROM handoff_contacts WHERE id = ?');
  let at = 0;
  return () => {
    const page: HandoffContact[] = [];
    for (; at < contactIds.length && page.length < size; at++) {
      const row = select.get(contactIds[at]!);
      if (row) page.push(withoutMaskValues(parse<ContactToMask>(row)));
    }
    return page;
  };
}

/**
 * The messages of `contactIds`, grouped in that order as the dump lists them, from `reader` (a
 * backup's snapshot): each call reads the next contacts' until `size` messages or `size` contacts,
 * and on past contacts without messages (calls have none) until it has one: an empty page ends the
 * list for the backup's writer, so it is empty only once all are read.
 */
export function messagePages(reader: Database.Database, contactIds: readonly string[], size: number): () => HandoffMessage[] {
  const select = reader.prepare<[string], { data: string }>('SELECT data FROM handoff_messages WHERE contact_id = ? ORDER BY seq');
  let at = 0;
  return () => {
    const page: HandoffMessage[] = [];
    for (let read = 0; at < contactIds.length && page.length < size && (read < size || page.length === 0); at++, read++) {
      for (const row of select.all(contactIds[at]!)) page.push(parse<HandoffMessage>(row));
    }
    return page;
  };
}

export type HandoffTables = ReturnType<typeof createHandoffTables>;
