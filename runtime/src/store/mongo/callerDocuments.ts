import type { ClientSession, UpdateFilter } from 'mongodb';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow } from '../dumpedPages.ts';
import type { CallerChanges, CallerProfile, RecalledCaller } from '../types.ts';
import { CONTACTS_KEPT, type CallerHead } from '../callerChanges.ts';
import type { CallerDocument, MongoCollections } from './mongoCollections.ts';
import { withoutIdOrTurnIds } from './projections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { inSession } from './mongoTransactions.ts';
import { TURN_IDS_KEPT } from './transcriptDocuments.ts';

/**
 * `applyCallerChanges` as one atomic upsert, so two contacts of one caller (a call and a chat,
 * on two runtime instances) never lose each other's changes and nothing is read first. With a
 * turn id, the turn is remembered on the profile (`turnIds`), and the filter skips a profile
 * that already has it: a turn's write sent again pushes its contact once.
 */
export function callerUpdate(changes: CallerChanges, at: string, turnId?: string): UpdateFilter<CallerDocument> {
  const set: Record<string, unknown> = { updatedAt: at };
  const onInsert: Record<string, unknown> = { createdAt: at };
  const lastChannel = changes.contact?.channel ?? changes.lastChannel;
  if (lastChannel !== undefined) set.lastChannel = lastChannel;
  if (changes.preferredLocale !== undefined) set.preferredLocale = changes.preferredLocale;
  // Variable names are letters, digits and _ (flows' VariableName): safe as a dotted path; their values are user JSON.
  const variables = Object.entries(changes.variables ?? {});
  for (const [name, value] of variables) set[`variables.${name}`] = encodeKeys(value);
  if (variables.length === 0) onInsert.variables = {};
  const update: UpdateFilter<CallerDocument> = { $set: set, $setOnInsert: onInsert };
  // Former names moved to the current ones (with variables only, as `applyCallerChanges`).
  const forget = variables.length > 0 ? (changes.forget ?? []).filter((name) => !Object.hasOwn(changes.variables ?? {}, name)) : [];
  if (forget.length > 0) update.$unset = Object.fromEntries(forget.map((name) => [`variables.${name}`, '']));
  const push: Record<string, unknown> = {};
  if (changes.contact) push.contacts = { $each: [changes.contact], $slice: -CONTACTS_KEPT };
  else onInsert.contacts = [];
  if (turnId) push.turnIds = { $each: [turnId], $slice: -TURN_IDS_KEPT };
  if (Object.keys(push).length > 0) update.$push = push;
  return update;
}

/**
 * A move's condition (`CallerChanges.read`) as a filter on the profile: each name still absent, or
 * still holding exactly the value read (compared as stored, in `$expr`: a query's equality would
 * also match an array holding the value). A value stored again with its keys in another order
 * counts as changed: the move is dropped, and the next contact makes it.
 */
function moveFilter(read: NonNullable<CallerChanges['read']>): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const same: unknown[] = [];
  for (const [name, was] of Object.entries(read)) {
    filter[`variables.${name}`] = { $exists: was !== null };
    if (was !== null) same.push({ $eq: [`$variables.${name}`, { $literal: encodeKeys(was.value) }] });
  }
  if (same.length > 0) filter.$expr = { $and: same };
  return filter;
}

/**
 * A turn's changes split into a move to make only on the profile its contact read
 * (`CallerChanges.read`: the variables named there and the names to forget), as an update, and the
 * rest. The move is one conditional update of its own, made before the rest: only on a contact's
 * first turn, once per caller and rename. Sent again (the turn's write retried), it finds the
 * profile moved and changes nothing.
 */
function splitMove(changes: CallerChanges): { move: { read: NonNullable<CallerChanges['read']>; update: UpdateFilter<CallerDocument> } | null; rest: CallerChanges } {
  const { read, forget, ...rest } = changes;
  if (!read || !changes.variables) return { move: null, rest: changes };
  const moved = Object.entries(changes.variables).filter(([name]) => Object.hasOwn(read, name));
  const own = Object.entries(changes.variables).filter(([name]) => !Object.hasOwn(read, name));
  const update: UpdateFilter<CallerDocument> = {};
  if (moved.length > 0) update.$set = Object.fromEntries(moved.map(([name, value]) => [`variables.${name}`, encodeKeys(value)]));
  const unset = (forget ?? []).filter((name) => !Object.hasOwn(changes.variables ?? {}, name));
  if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((name) => [`variables.${name}`, '' as const]));
  const { variables: _all, ...others } = rest;
  return {
    move: Object.keys(update).length > 0 ? { read, update } : null,
    rest: { ...others, ...(own.length > 0 ? { variables: Object.fromEntries(own) } : {}) },
  };
}

const read = (profile: CallerProfile): CallerProfile => ({ ...profile, variables: decodeKeys(profile.variables) });

/** The fields of a profile besides its history: a field added to the profile is a compile error here until listed. */
const headFields = { number: 1, preferredLocale: 1, lastChannel: 1, variables: 1, consent: 1, createdAt: 1, updatedAt: 1 } as const satisfies Record<keyof CallerHead, 1>;
/** A profile as a contact's start reads it: the history sliced to its last contact by the server. */
const recallProjection = { projection: { _id: 0, ...headFields, contacts: { $slice: -1 } } } as const;

/** Caller profiles keyed by E.164 number (unique index). */
export function createMongoCallers(c: MongoCollections) {
  return {
    async get(number: string): Promise<CallerProfile | null> {
      const found = await c.callers.findOne<CallerProfile>({ number }, withoutIdOrTurnIds);
      return found ? read(found) : null;
    },
    async recall(number: string): Promise<RecalledCaller | null> {
      const found = await c.callers.findOne<CallerProfile>({ number }, recallProjection);
      if (!found) return null;
      const { contacts, ...head } = found;
      const recalled: RecalledCaller = { ...head, variables: decodeKeys(head.variables) };
      const lastContact = contacts?.at(-1);
      if (lastContact) recalled.lastContact = lastContact;
      return recalled;
    },
    async put(profile: CallerProfile): Promise<void> {
      await c.callers.replaceOne({ number: profile.number }, { ...profile, variables: encodeKeys(profile.variables) }, { upsert: true });
    },
    /** Applies a turn's changes; with `turnId`, once (see `callerUpdate`). */
    async change(key: string, all: CallerChanges, at: string, turnId?: string, session?: ClientSession): Promise<void> {
      const { move, rest: changes } = splitMove(all);
      // The move first: the turn's own values, set after it, are the later write.
      if (move) await c.callers.updateOne({ number: key, ...moveFilter(move.read) }, move.update, inSession(session));
      const filter = turnId ? { number: key, turnIds: { $ne: turnId } } : { number: key };
      for (let attempt = 1; ; attempt += 1) {
        try {
          await c.callers.updateOne(filter, callerUpdate(changes, at, turnId), { upsert: true, ...inSession(session) });
          return;
        } catch (error) {
          // In a transaction the error has aborted it: the transaction runs again as a whole.
          if (!isDuplicateKey(error) || session || attempt >= 3) throw error;
          // The profile exists and already has this turn (the filter skipped it, the upsert collided): applied.
          if (turnId && (await c.callers.countDocuments({ number: key, turnIds: turnId })) > 0) return;
          // Else two first changes of one caller raced: the second finds the first's profile now.
        }
      }
    },
    remove: async (number: string) => (await c.callers.deleteOne({ number })).deletedCount > 0,
    purge: async (before: string) => (await c.callers.deleteMany({ updatedAt: { $lt: before } })).deletedCount,
    /** Every profile (backups), `size` at a time. */
    pages: (options: { session?: ClientSession } = {}, size = DUMP_PAGE_ROWS, cursors?: DumpCursors) =>
      cursorPages(
        () =>
          c.callers
            .find<CallerProfile>({}, { ...withoutIdOrTurnIds, ...options })
            .sort({ number: 1 })
            .batchSize(size),
        size,
        read,
        cursors,
      ),
    all(options: { session?: ClientSession } = {}) {
      return everyRow(this.pages(options));
    },
    /** The stored form of a profile (restore). */
    documentOf: (profile: CallerProfile): CallerDocument => ({ ...profile, variables: encodeKeys(profile.variables) }),
  };
}

export type MongoCallers = ReturnType<typeof createMongoCallers>;
