import type { AgentPresence, AgentPresenceChange } from '../agentPresenceTypes.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';

const withoutId = { projection: { _id: 0 } } as const;

/** Two instances creating the same agent's record at once: the loser's write is applied again, to the winner's record. */
async function onceCreated<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return write();
  }
}

/** Agents' presence: one document per agent (`agentPresence`, unique on `username`). */
export function createMongoAgentPresence(c: MongoCollections) {
  return {
    get: (username: string) => c.agentPresence.findOne<AgentPresence>({ username }, withoutId),
    list: () => c.agentPresence.find<AgentPresence>({}, withoutId).sort({ username: 1 }).toArray(),
    set: (change: AgentPresenceChange) =>
      onceCreated(async () => {
        const { username, status, since, changedBy, lastSeenAt } = change;
        const kept = lastSeenAt === undefined;
        const after = await c.agentPresence.findOneAndUpdate(
          { username },
          { $set: { status, since, changedBy, ...(kept ? {} : { lastSeenAt }) }, ...(kept ? { $setOnInsert: { lastSeenAt: null } } : {}) },
          { upsert: true, returnDocument: 'after', ...withoutId },
        );
        return after as AgentPresence;
      }),
    touch: (username: string, at: string, staleBefore: string) =>
      onceCreated(async () => {
        // Offline (never seen, signed out, or not seen since `staleBefore`): back « available »; else the state chosen stays.
        const seen = { $ifNull: ['$lastSeenAt', null] };
        const stale = { $or: [{ $eq: [seen, null] }, { $lt: [seen, { $literal: staleBefore }] }] };
        const after = await c.agentPresence.findOneAndUpdate(
          { username },
          [
            {
              $set: {
                status: { $cond: [stale, 'available', '$status'] },
                since: { $cond: [stale, { $literal: at }, '$since'] },
                changedBy: { $cond: [stale, { $literal: username }, '$changedBy'] },
                lastSeenAt: { $cond: [{ $or: [stale, { $lt: [seen, { $literal: at }] }] }, { $literal: at }, seen] },
              },
            },
          ],
          { upsert: true, returnDocument: 'after', ...withoutId },
        );
        return after as AgentPresence;
      }),
  };
}
