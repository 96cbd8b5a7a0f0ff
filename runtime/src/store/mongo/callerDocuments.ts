import type { CallerProfile } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';

/** Caller profiles keyed by E.164 number (unique index). */
export function createMongoCallers(c: MongoCollections) {
  return {
    get: (number: string) => c.callers.findOne<CallerProfile>({ number }, withoutId),
    async put(profile: CallerProfile): Promise<void> {
      await c.callers.replaceOne({ number: profile.number }, { ...profile }, { upsert: true });
    },
    remove: async (number: string) => (await c.callers.deleteOne({ number })).deletedCount > 0,
    purge: async (before: string) => (await c.callers.deleteMany({ updatedAt: { $lt: before } })).deletedCount,
    all: () => c.callers.find<CallerProfile>({}, withoutId).sort({ number: 1 }).toArray(),
  };
}

export type MongoCallers = ReturnType<typeof createMongoCallers>;
