import type { UpdateFilter } from 'mongodb';
import type { CallerChanges, CallerProfile } from '../types.ts';
import { CONTACTS_KEPT } from '../callerChanges.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';

/**
 * `applyCallerChanges` as one atomic upsert, so two contacts of one caller (a call and a chat,
 * on two runtime instances) never lose each other's changes and nothing is read first.
 */
function callerUpdate(changes: CallerChanges, at: string): UpdateFilter<CallerProfile> {
  const set: Record<string, unknown> = { updatedAt: at };
  const onInsert: Record<string, unknown> = { createdAt: at };
  const lastChannel = changes.contact?.channel ?? changes.lastChannel;
  if (lastChannel !== undefined) set.lastChannel = lastChannel;
  if (changes.preferredLocale !== undefined) set.preferredLocale = changes.preferredLocale;
  // Variable names are letters, digits and _ (flows' VariableName): safe as a dotted path.
  const variables = Object.entries(changes.variables ?? {});
  for (const [name, value] of variables) set[`variables.${name}`] = value;
  if (variables.length === 0) onInsert.variables = {};
  const update: UpdateFilter<CallerProfile> = { $set: set, $setOnInsert: onInsert };
  if (changes.contact) update.$push = { contacts: { $each: [changes.contact], $slice: -CONTACTS_KEPT } };
  else onInsert.contacts = [];
  return update;
}

/** Caller profiles keyed by E.164 number (unique index). */
export function createMongoCallers(c: MongoCollections) {
  return {
    get: (number: string) => c.callers.findOne<CallerProfile>({ number }, withoutId),
    async put(profile: CallerProfile): Promise<void> {
      await c.callers.replaceOne({ number: profile.number }, { ...profile }, { upsert: true });
    },
    async change(key: string, changes: CallerChanges, at: string): Promise<void> {
      await c.callers.updateOne({ number: key }, callerUpdate(changes, at), { upsert: true });
    },
    remove: async (number: string) => (await c.callers.deleteOne({ number })).deletedCount > 0,
    purge: async (before: string) => (await c.callers.deleteMany({ updatedAt: { $lt: before } })).deletedCount,
    all: () => c.callers.find<CallerProfile>({}, withoutId).sort({ number: 1 }).toArray(),
  };
}

export type MongoCallers = ReturnType<typeof createMongoCallers>;
