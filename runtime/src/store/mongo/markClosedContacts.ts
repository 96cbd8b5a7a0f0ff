import type { StoreRepair } from './dropDuplicateMessages.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { closedContactsMarked } from '../closedContactsMarked.ts';

/** The `maintenance` document saying the contacts closed before the masking were marked (once per database). */
export const CLOSED_CONTACTS_MARKED = 'closedContactsMarked';

/**
 * Contacts closed by a Griot that did not mask their messages yet are marked `maskPending`, once
 * per database (a mark in `maintenance`, written after them: a stop in between marks them again,
 * which changes nothing): the masking pass then masks them like one a stopped process left. As
 * SQLite's migration 29. What it did (the start logs it: how many, how long), or null when it marked none.
 */
export async function markClosedContacts(c: MongoCollections): Promise<StoreRepair | null> {
  if (await c.maintenance.findOne({ _id: CLOSED_CONTACTS_MARKED })) return null;
  const started = Date.now();
  const { modifiedCount } = await c.handoffContacts.updateMany({ status: 'closed', maskPending: { $exists: false } }, { $set: { maskPending: true } });
  await c.maintenance.replaceOne({ _id: CLOSED_CONTACTS_MARKED }, { startedAt: new Date().toISOString() }, { upsert: true });
  return modifiedCount > 0 ? closedContactsMarked(modifiedCount, Date.now() - started) : null;
}
