import type { StoreRepair } from './dropDuplicateMessages.ts';
import type { MongoCollections } from './mongoCollections.ts';

/** The `maintenance` document saying the contacts closed before the masking were marked (once per database). */
export const CLOSED_CONTACTS_MARKED = 'closedContactsMarked';

/**
 * Contacts closed by a Griot that did not mask their messages yet are marked `maskPending`, once
 * per database (a mark in `maintenance`, written after them: a stop in between marks them again,
 * which changes nothing): the masking pass then masks them like one a stopped process left. As
 * SQLite's migration 29. Null when nothing was marked.
 */
export async function markClosedContacts(c: MongoCollections): Promise<StoreRepair | null> {
  if (await c.maintenance.findOne({ _id: CLOSED_CONTACTS_MARKED })) return null;
  const { modifiedCount } = await c.handoffContacts.updateMany({ status: 'closed', maskPending: { $exists: false } }, { $set: { maskPending: true } });
  await c.maintenance.replaceOne({ _id: CLOSED_CONTACTS_MARKED }, { startedAt: new Date().toISOString() }, { upsert: true });
  if (modifiedCount === 0) return null;
  return {
    event: 'store.closedContactsMarked',
    message: `${modifiedCount} contact(s) closed before their messages were masked will be masked`,
    counts: { contacts: modifiedCount },
  };
}
