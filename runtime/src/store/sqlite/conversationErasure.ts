import type Database from 'better-sqlite3';
import type { ConversationErasure, EraseConversationsResult, HandoffPurgeCounts } from '../types.ts';
import { channelStateKeysOf, conversationKeyPatterns } from '../conversationKeys.ts';

/**
 * A list bound as one JSON value, read back with `json_each`: SQLite refuses a statement with more
 * than 32,766 bound values, and a caller erased may have tens of thousands of conversations.
 */
const IN_LIST = '(SELECT value FROM json_each(?))';
const asList = (values: readonly string[]) => JSON.stringify(values);

/**
 * The right to erasure and the retention of what subscribers said to agents, in SQLite: one
 * immediate transaction each, so an erasure is all or nothing and an agent's take cannot slip in
 * between its check and its deletes. Erasure is rare: it may scan the small tables (sessions,
 * the messaging ledger) rather than index them for every turn.
 */
export function createConversationErasure(db: Database.Database) {
  const erase = db.transaction((callers: string[], knownKeys: string[]): EraseConversationsResult => {
    if (callers.length === 0) return { ok: true, ...nothing() };
    const contacts = db
      .prepare<string[], { id: string; session_key: string; status: string }>(`SELECT id, session_key, status FROM handoff_contacts WHERE json_extract(data, '$.callerNumber') IN ${IN_LIST}`)
      .all(asList(callers));
    const open = contacts.find((c) => c.status !== 'closed');
    if (open) return { ok: false, open: { kind: 'contact', id: open.id, status: open.status } };
    const contactIds = contacts.map((c) => c.id);
    const callbacks = db
      .prepare<string[], { id: string; status: string }>(
        `SELECT id, status FROM callback_requests WHERE json_extract(data, '$.number') IN ${IN_LIST} OR json_extract(data, '$.contactId') IN ${IN_LIST}`,
      )
      .all(asList(callers), asList(contactIds));
    const taken = callbacks.find((c) => c.status === 'taken');
    if (taken) return { ok: false, open: { kind: 'callback', id: taken.id, status: taken.status } };

    const sessionKeys = db
      .prepare<string[], { key: string }>(
        `WITH wanted(number) AS ${IN_LIST}
         SELECT key FROM sessions WHERE json_extract(data, '$.session.caller.number') IN wanted
           OR json_extract(data, '$.platformCaller') IN wanted OR json_extract(data, '$.linkedNumber') IN wanted`,
      )
      .pluck()
      .all(asList(callers)) as unknown as string[];
    const keys = new Set([...knownKeys, ...contacts.map((c) => c.session_key), ...sessionKeys]);
    // Conversations the messaging ledger knows by the caller's id alone (sessions long gone): `whatsapp:<phone id>:<wa_id>`.
    // Compared byte for byte (not LIKE: case-insensitive, it would take `Telegram:…` of another subscriber for theirs).
    const patterns = JSON.stringify(conversationKeyPatterns(callers).map((p) => [p.prefix, p.suffix]));
    // `m.` throughout: json_each has a `key` column of its own.
    const matching = (column: string) =>
      `EXISTS (SELECT 1 FROM json_each(?) p WHERE length(${column}) >= length(p.value ->> 0) + length(p.value ->> 1)
         AND substr(${column}, 1, length(p.value ->> 0)) = p.value ->> 0 AND substr(${column}, -length(p.value ->> 1)) = p.value ->> 1)`;
    for (const [table, column] of [
      ['messaging_inbound', 'conversation_key'],
      ['messaging_conversations', 'key'],
      ['messaging_outbound', 'conversation_key'],
      // A web chat outbox outlives its session (24 h).
      ['channel_states', 'key'],
    ] as const)
      for (const key of db
        .prepare<[string], string>(`SELECT m.${column} FROM ${table} m WHERE ${matching(`m.${column}`)}`)
        .pluck()
        .all(patterns))
        keys.add(key);
    const all = [...keys];

    const removeIn = (sql: string, values: string[]) => (values.length === 0 ? 0 : db.prepare<[string]>(sql.replace('(?)', IN_LIST)).run(asList(values)).changes);
    const handoffMessages = removeIn('DELETE FROM handoff_messages WHERE contact_id IN (?)', contactIds);
    // The bot's turns still waiting for their channel after an agent handed back.
    removeIn('DELETE FROM pending_bot_turns WHERE contact_id IN (?)', contactIds);
    const handoffContacts = removeIn('DELETE FROM handoff_contacts WHERE id IN (?)', contactIds);
    const removedCallbacks = removeIn(
      'DELETE FROM callback_requests WHERE id IN (?)',
      callbacks.map((c) => c.id),
    );
    const sessions = removeIn('DELETE FROM sessions WHERE key IN (?)', all);
    removeIn('DELETE FROM continuations WHERE key IN (?)', all);
    // Their channel states: USSD screens, the web chat outbox, the Bot Framework conversation reference.
    removeIn('DELETE FROM channel_states WHERE key IN (?)', channelStateKeysOf(all));
    // Delivery reports name the messages sent in those conversations (a WhatsApp wamid carries the number).
    const sent =
      all.length === 0
        ? []
        : db.prepare<[string], string | null>(`SELECT json_extract(data, '$.platformId') AS id FROM messaging_outbound WHERE conversation_key IN ${IN_LIST}`).pluck().all(asList(all));
    const messaging =
      removeIn(
        'DELETE FROM messaging_statuses WHERE message_id IN (?)',
        sent.filter((id): id is string => id !== null),
      ) +
      removeIn('DELETE FROM messaging_inbound WHERE conversation_key IN (?)', all) +
      removeIn('DELETE FROM messaging_outbound WHERE conversation_key IN (?)', all) +
      removeIn('DELETE FROM messaging_conversations WHERE key IN (?)', all);
    return { ok: true, handoffContacts, handoffMessages, callbacks: removedCallbacks, sessions, messaging };
  });

  const closedBefore = db.prepare<[string, number], { id: string }>("SELECT id FROM handoff_contacts WHERE status = 'closed' AND json_extract(data, '$.updatedAt') < ? LIMIT ?");
  const finishedBefore = db.prepare<[string, number]>(
    "DELETE FROM callback_requests WHERE seq IN (SELECT seq FROM callback_requests WHERE status = 'done' AND json_extract(data, '$.updatedAt') < ? LIMIT ?)",
  );
  /** At most `limit` closed contacts (with their messages) and callbacks done, last changed before `before` (a failed one can still be retried). */
  const purge = db.transaction((before: string, limit: number): HandoffPurgeCounts => {
    const ids = closedBefore.all(before, limit).map((r) => r.id);
    const handoffMessages = ids.length ? db.prepare<[string]>(`DELETE FROM handoff_messages WHERE contact_id IN ${IN_LIST}`).run(asList(ids)).changes : 0;
    const handoffContacts = ids.length ? db.prepare<[string]>(`DELETE FROM handoff_contacts WHERE id IN ${IN_LIST}`).run(asList(ids)).changes : 0;
    return { handoffContacts, handoffMessages, callbacks: finishedBefore.run(before, limit).changes };
  });

  return {
    erase: (callers: string[], knownKeys: string[]) => erase.immediate(callers, knownKeys),
    purge: (before: string, limit: number) => purge.immediate(before, limit),
  };
}

function nothing(): ConversationErasure {
  return { handoffContacts: 0, handoffMessages: 0, callbacks: 0, sessions: 0, messaging: 0 };
}
