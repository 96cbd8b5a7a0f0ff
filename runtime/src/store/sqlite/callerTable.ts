import type Database from 'better-sqlite3';
import type { CallerChanges, CallerProfile, ContactSummary, RecalledCaller } from '../types.ts';
import { applyCallerChanges, CONTACTS_KEPT, type CallerHead } from '../callerChanges.ts';

interface HeadWrite {
  number: string;
  /** The hour of the change (`hourOf`): what `updated_at` holds. */
  at: string;
  data: string;
  /** Contacts added to the history by this write (0 or 1). */
  added: number;
}

const HOUR_MS = 3_600_000;

/**
 * An update's time as the `updated_at` column files it: the start of its hour (an instant that
 * does not parse is kept as it is). A caller's next contact in the same hour then rewrites the
 * row alone, not the column's index (moving an index entry writes its page in every commit).
 */
function hourOf(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

const toHead = (data: string) => JSON.parse(data) as CallerHead;

/**
 * The columns of a caller's recall, for a statement with `callers` as `c`: its head and its last
 * contact (a primary-key look-up in the ring of migration 16).
 */
export const RECALL_COLUMNS = `c.data AS caller_data,
  (SELECT k.data FROM caller_contacts k WHERE k.number = c.number AND k.slot = c.contact_seq % ${CONTACTS_KEPT} AND k.seq = c.contact_seq) AS caller_last`;

/** A caller's recall from its columns (`RECALL_COLUMNS`); null without a profile. */
export function recalledOf(data: string | null, last: string | null): RecalledCaller | null {
  if (data === null) return null;
  const head: RecalledCaller = toHead(data);
  if (last !== null) head.lastContact = JSON.parse(last) as ContactSummary;
  return head;
}
const toContact = (r: { data: string }) => JSON.parse(r.data) as ContactSummary;

/**
 * Where contact `seq` of a profile whose latest is `latest` is filed: the last CONTACTS_KEPT in a
 * ring (slot `seq % CONTACTS_KEPT`, as migration 16 filed them), older ones (a profile put with
 * more) at `-seq`, outside it.
 */
const slotOf = (seq: number, latest: number): number => (seq > latest - CONTACTS_KEPT ? seq % CONTACTS_KEPT : -seq);

/**
 * What Griot remembers of each caller, keyed by E.164 number: the profile's head (language, last
 * channel, variables, consent) as one JSON row in `callers`, its contact history one row per
 * contact in `caller_contacts` (deleted with the head: foreign key), numbered in order; the head's
 * row keeps the latest number (`contact_seq`). The history is a ring of CONTACTS_KEPT slots
 * (`slotOf`), listed by number: a contact's start reads the head and the latest contact only; its
 * end rewrites the slot of the contact CONTACTS_KEPT before it, in place (one page written, where
 * an insert and a trim of the oldest fell on two): neither parses nor rewrites the rest of the
 * history.
 *
 * The purge of profiles not updated since a date finds them by `updated_at`, which holds the hour
 * of the last update (`hourOf`) or, for rows written before it did, the exact time: both at or
 * before the exact time in the head, and within its hour. A row filed before the purge's hour
 * is past it; one filed in that hour is checked against the exact time in the head.
 */
export function createCallerTable(db: Database.Database) {
  const replaceHead = db.prepare<[string, string, string, number]>(
    `INSERT INTO callers (number, updated_at, data, contact_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (number) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data, contact_seq = excluded.contact_seq`,
  );
  const changeHead = db.prepare<HeadWrite, { contact_seq: number }>(
    `INSERT INTO callers (number, updated_at, data, contact_seq) VALUES (@number, @at, @data, @added)
     ON CONFLICT (number) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data, contact_seq = callers.contact_seq + @added
     RETURNING contact_seq`,
  );
  // A change that sets only strings (the channel, the language, the time) is merged into the
  // stored head without reading it: a JSON merge patch (`@data`) sets them as JavaScript would.
  const patchHead = db.prepare<HeadWrite & { fresh: string }, { contact_seq: number }>(
    `INSERT INTO callers (number, updated_at, data, contact_seq) VALUES (@number, @at, @fresh, @added)
     ON CONFLICT (number) DO UPDATE SET updated_at = excluded.updated_at, data = json_patch(callers.data, @data), contact_seq = callers.contact_seq + @added
     RETURNING contact_seq`,
  );
  // The same changes while the row is filed under the change's hour: `updated_at` and its index are not written.
  const changeInHour = db.prepare<HeadWrite, { contact_seq: number }>(
    'UPDATE callers SET data = @data, contact_seq = contact_seq + @added WHERE number = @number AND updated_at = @at RETURNING contact_seq',
  );
  const patchInHour = db.prepare<HeadWrite, { contact_seq: number }>(
    'UPDATE callers SET data = json_patch(data, @data), contact_seq = contact_seq + @added WHERE number = @number AND updated_at = @at RETURNING contact_seq',
  );
  const selectHead = db.prepare<[string], { data: string }>('SELECT data FROM callers WHERE number = ?');
  const selectHeadFiled = db.prepare<[string], { data: string; updated_at: string }>('SELECT data, updated_at FROM callers WHERE number = ?');
  const selectRecall = db.prepare<[string], { caller_data: string; caller_last: string | null }>(`SELECT ${RECALL_COLUMNS} FROM callers c WHERE c.number = ?`);
  const selectHeads = db.prepare<[], { number: string; data: string }>('SELECT number, data FROM callers ORDER BY number');
  const selectContacts = db.prepare<[string], { data: string }>('SELECT data FROM caller_contacts WHERE number = ? ORDER BY seq');
  const selectAllContacts = db.prepare<[], { number: string; data: string }>('SELECT number, data FROM caller_contacts ORDER BY number, seq');
  const insertContact = db.prepare<[string, number, number, string]>('INSERT INTO caller_contacts (number, slot, seq, data) VALUES (?, ?, ?, ?)');
  const writeContact = db.prepare<[string, number, number, string]>(
    'INSERT INTO caller_contacts (number, slot, seq, data) VALUES (?, ?, ?, ?) ON CONFLICT (number, slot) DO UPDATE SET seq = excluded.seq, data = excluded.data',
  );
  const trimBeyondRing = db.prepare<[string]>('DELETE FROM caller_contacts WHERE number = ? AND slot < 0');
  const deleteContacts = db.prepare<[string]>('DELETE FROM caller_contacts WHERE number = ?');
  const deleteOne = db.prepare<[string]>('DELETE FROM callers WHERE number = ?');
  const deleteStale = db.prepare<{ before: string; hour: string; limit: number }>(
    "DELETE FROM callers WHERE rowid IN (SELECT rowid FROM callers WHERE updated_at < @before AND (updated_at < @hour OR json_extract(data, '$.updatedAt') < @before) LIMIT @limit)",
  );

  /** The head after `changes`; the seq the contact they add, if any, takes. */
  const writeHead = (key: string, changes: CallerChanges, at: string): number => {
    const added = changes.contact ? 1 : 0;
    const hour = hourOf(at);
    if (changes.variables) {
      const row = selectHeadFiled.get(key);
      const head = applyCallerChanges(row ? toHead(row.data) : null, key, changes, at);
      const write = { number: key, at: hour, data: JSON.stringify(head), added };
      return (row?.updated_at === hour ? changeInHour : changeHead).get(write)!.contact_seq;
    }
    // A new profile with these changes holds exactly what they set, besides its key and creation.
    const fresh = applyCallerChanges(null, key, changes, at);
    const { number: _key, variables: _none, createdAt: _created, ...patch } = fresh;
    const write = { number: key, at: hour, data: JSON.stringify(patch), fresh: JSON.stringify(fresh), added };
    // Not filed under this hour (or absent): the upsert files it there.
    return (patchInHour.get(write) ?? patchHead.get(write)!).contact_seq;
  };

  return {
    get(number: string): CallerProfile | null {
      const row = selectHead.get(number);
      return row ? { ...toHead(row.data), contacts: selectContacts.all(number).map(toContact) } : null;
    },
    recall(number: string): RecalledCaller | null {
      const row = selectRecall.get(number);
      return row ? recalledOf(row.caller_data, row.caller_last) : null;
    },
    /** Replaces the profile, its history with it. */
    put: db.transaction((profile: CallerProfile): void => {
      const { contacts, ...head } = profile;
      replaceHead.run(profile.number, hourOf(profile.updatedAt), JSON.stringify(head), contacts.length);
      deleteContacts.run(profile.number);
      contacts.forEach((contact, i) => insertContact.run(profile.number, slotOf(i + 1, contacts.length), i + 1, JSON.stringify(contact)));
    }),
    /** Changes the head and appends the contact, if any; atomic as long as it runs inside one transaction (a turn's). */
    change(key: string, changes: CallerChanges, at: string): void {
      const seq = writeHead(key, changes, at);
      if (!changes.contact) return;
      // Takes the place of the contact CONTACTS_KEPT before it, if any.
      writeContact.run(key, seq % CONTACTS_KEPT, seq, JSON.stringify(changes.contact));
      // A profile put with more than CONTACTS_KEPT keeps the older ones until its next contact.
      if (seq > CONTACTS_KEPT + 1) trimBeyondRing.run(key);
    },
    remove: (number: string): boolean => deleteOne.run(number).changes > 0,
    /** Up to `limit` profiles not updated since `before`, with their contacts. */
    purge: (before: string, limit: number): number => deleteStale.run({ before, hour: hourOf(before), limit }).changes,
    all(): CallerProfile[] {
      const contacts = new Map<string, ContactSummary[]>();
      for (const row of selectAllContacts.all()) {
        const list = contacts.get(row.number);
        if (list) list.push(toContact(row));
        else contacts.set(row.number, [toContact(row)]);
      }
      return selectHeads.all().map((row) => ({ ...toHead(row.data), contacts: contacts.get(row.number) ?? [] }));
    },
  };
}

/**
 * The profiles as `all()` gives them, `size` per call from `reader` (a backup's snapshot): after
 * the last number read, each with its contacts. Empty once all are read.
 */
export function callerPages(reader: Database.Database, size: number): () => CallerProfile[] {
  const firstHeads = reader.prepare<[number], { number: string; data: string }>('SELECT number, data FROM callers ORDER BY number LIMIT ?');
  const heads = reader.prepare<[string, number], { number: string; data: string }>('SELECT number, data FROM callers WHERE number > ? ORDER BY number LIMIT ?');
  const firstContacts = reader.prepare<[string], { number: string; data: string }>('SELECT number, data FROM caller_contacts WHERE number <= ? ORDER BY number, seq');
  const contactsOf = reader.prepare<[string, string], { number: string; data: string }>('SELECT number, data FROM caller_contacts WHERE number > ? AND number <= ? ORDER BY number, seq');
  let last: string | null = null;
  return () => {
    const rows = last === null ? firstHeads.all(size) : heads.all(last, size);
    if (rows.length === 0) return [];
    const from = last;
    last = rows.at(-1)!.number;
    const contacts = new Map<string, ContactSummary[]>();
    for (const row of from === null ? firstContacts.all(last) : contactsOf.all(from, last)) {
      const list = contacts.get(row.number);
      if (list) list.push(toContact(row));
      else contacts.set(row.number, [toContact(row)]);
    }
    return rows.map((row) => ({ ...toHead(row.data), contacts: contacts.get(row.number) ?? [] }));
  };
}

export type CallerTable = ReturnType<typeof createCallerTable>;
