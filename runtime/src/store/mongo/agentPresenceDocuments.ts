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

/** A document written before pause reasons (no `reason` field) reads as one without a reason. */
const withReason = (doc: AgentPresence | null): AgentPresence | null => (doc ? { ...doc, reason: doc.reason ?? null } : null);

/** Agents' presence: one document per agent (`agentPresence`, unique on `username`). */
export function createMongoAgentPresence(c: MongoCollections) {
  return {
    get: async (username: string) => withReason(await c.agentPresence.findOne<AgentPresence>({ username }, withoutId)),
    list: async () => (await c.agentPresence.find<AgentPresence>({}, withoutId).sort({ username: 1 }).toArray()).map((p) => withReason(p)!),
    set: (change: AgentPresenceChange) =>
      onceCreated(async () => {
        const { username, status, since, changedBy, lastSeenAt } = change;
        const reason = status === 'paused' ? (change.reason ?? null) : null;
        const kept = lastSeenAt === undefined;
        const after = await c.agentPresence.findOneAndUpdate(
          { username },
          { $set: { status, since, changedBy, reason, ...(kept ? {} : { lastSeenAt }) }, ...(kept ? { $setOnInsert: { lastSeenAt: null } } : {}) },
          { upsert: true, returnDocument: 'after', ...withoutId },
        );
        return withReason(after as AgentPresence)!;
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
                reason: { $cond: [stale, null, { $ifNull: ['$reason', null] }] },
                lastSeenAt: { $cond: [{ $or: [stale, { $lt: [seen, { $literal: at }] }] }, { $literal: at }, seen] },
              },
            },
          ],
          { upsert: true, returnDocument: 'after', ...withoutId },
        );
        return withReason(after as AgentPresence)!;
      }),
  };
}
