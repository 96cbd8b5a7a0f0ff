import type { CallerLink, CallerProfile } from '../types.ts';
import { joinsProfiles, linkToKeep, mergeLinkedProfiles } from '../callerLinks.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { inSession, type MongoUnitOfWork } from './mongoTransactions.ts';
import { withoutIdOrTurnIds } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

const withoutId = { projection: { _id: 0 } } as const;

/**
 * Platform callers linked to numbers (unique `key`). Linking a verified number reads both profiles, writes the
 * merged one, removes the platform one and records the link: one transaction on a replica set;
 * on a standalone server in that order, so an interruption leaves the merged profile and the
 * platform one both (linking again merges nothing new twice: contacts are merged by time, and
 * the platform profile is gone once the link is written).
 */
export function createMongoCallerLinks(c: MongoCollections, work: MongoUnitOfWork) {
  const read = (p: CallerProfile | null) => (p ? { ...p, variables: decodeKeys(p.variables) } : null);
  return {
    get: (key: string) => c.callerLinks.findOne<CallerLink>({ key }, withoutId),
    link: (next: CallerLink): Promise<CallerLink> =>
      work.run(async (session) => {
        const options = inSession(session);
        const kept = linkToKeep(await c.callerLinks.findOne<CallerLink>({ key: next.key }, { ...withoutId, ...options }), next);
        if (joinsProfiles(kept)) {
          const platform = read(await c.callers.findOne<CallerProfile>({ number: next.key }, { ...withoutIdOrTurnIds, ...options }));
          const number = read(await c.callers.findOne<CallerProfile>({ number: kept.number }, { ...withoutIdOrTurnIds, ...options }));
          const merged = mergeLinkedProfiles(platform, number, kept.number, next.linkedAt);
          if (merged && platform) await c.callers.replaceOne({ number: kept.number }, { ...merged, variables: encodeKeys(merged.variables) }, { upsert: true, ...options });
          if (platform) await c.callers.deleteOne({ number: next.key }, options);
        }
        await c.callerLinks.replaceOne({ key: kept.key }, { ...kept }, { upsert: true, ...options });
        return kept;
      }),
    put: async (link: CallerLink) => void (await c.callerLinks.replaceOne({ key: link.key }, { ...link }, { upsert: true })),
    of: (number: string) => c.callerLinks.find<CallerLink>({ number }, withoutId).sort({ key: 1 }).toArray(),
    remove: async (key: string) => (await c.callerLinks.deleteOne({ key })).deletedCount > 0,
    /** Links to these numbers, whose profiles were purged, go with them. */
    removeOf: async (numbers: string[]) => (numbers.length === 0 ? 0 : (await c.callerLinks.deleteMany({ number: { $in: numbers } })).deletedCount),
    all: (options: { session?: import('mongodb').ClientSession } = {}) =>
      c.callerLinks
        .find<CallerLink>({}, { ...withoutId, ...options })
        .sort({ key: 1 })
        .toArray(),
  };
}

export type MongoCallerLinks = ReturnType<typeof createMongoCallerLinks>;
