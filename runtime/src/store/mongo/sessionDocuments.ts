import type { SessionRecord } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutIdOrExpiry } from './projections.ts';
import { storedSession } from '../storedSession.ts';

/**
 * Conversation state. The TTL index removes expired sessions within a minute or so; the read
 * compares expiresAt itself (ISO-8601 strings sort like instants), so expiry is exact.
 */
export function createMongoSessions(c: MongoCollections) {
  return {
    get: (key: string, now: string) => c.sessions.findOne<SessionRecord>({ key, expiresAt: { $gt: now } }, withoutIdOrExpiry),
    async put(given: SessionRecord): Promise<void> {
      const record = storedSession(given);
      await c.sessions.replaceOne({ key: record.key }, { ...record, expiresAtDate: new Date(record.expiresAt) }, { upsert: true });
    },
    async remove(key: string): Promise<void> {
      await c.sessions.deleteOne({ key });
    },
    // Through the TTL index's Date, so the purge does not scan the collection.
    purge: async (now: string) => (await c.sessions.deleteMany({ expiresAtDate: { $lte: new Date(now) } })).deletedCount,
    all: () => c.sessions.find<SessionRecord>({}, withoutIdOrExpiry).sort({ key: 1 }).toArray(),
  };
}

export type MongoSessions = ReturnType<typeof createMongoSessions>;
