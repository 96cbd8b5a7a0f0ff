import type { Filter } from 'mongodb';
import type { Transcript, TranscriptTurn, TurnWrite } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';

/** Latest first; `_id` orders transcripts started in the same millisecond by insertion. */
const newestFirst = { startedAt: -1, _id: -1 } as const;

/**
 * One document per transcript with its turns in an array: a turn is a `$push` on the latest
 * transcript of the session key (keys come back when a WhatsApp number writes again).
 */
export function createMongoTranscripts(c: MongoCollections) {
  return {
    async start(transcript: Transcript): Promise<void> {
      await c.transcripts.insertOne({ ...transcript });
    },
    async append(sessionKey: string, turn: TranscriptTurn): Promise<void> {
      await c.transcripts.findOneAndUpdate({ sessionKey }, { $push: { turns: turn } }, { sort: newestFirst, projection: { _id: 1 } });
    },
    /** A turn's transcript part: one insert for a new contact, else one update (the turn, and the end if any). */
    async record({ session, turn, newTranscript, end }: TurnWrite): Promise<void> {
      const ending = end ? { endedAt: end.at, endReason: end.reason } : {};
      if (newTranscript) {
        await c.transcripts.insertOne({ ...newTranscript, turns: [turn], ...ending });
        return;
      }
      await c.transcripts.findOneAndUpdate(
        { sessionKey: session.key },
        end ? { $push: { turns: turn }, $set: ending } : { $push: { turns: turn } },
        { sort: newestFirst, projection: { _id: 1 } },
      );
    },
    async end(sessionKey: string, endedAt: string, endReason: string): Promise<void> {
      await c.transcripts.findOneAndUpdate({ sessionKey }, { $set: { endedAt, endReason } }, { sort: newestFirst, projection: { _id: 1 } });
    },
    get: (sessionKey: string) => c.transcripts.findOne<Transcript>({ sessionKey }, { sort: newestFirst, ...withoutId }),
    list(filter: { callerNumber?: string; flowId?: string; limit: number }): Promise<Transcript[]> {
      const query: Filter<Transcript> = {};
      if (filter.callerNumber !== undefined) query.callerNumber = filter.callerNumber;
      if (filter.flowId !== undefined) query.flowId = filter.flowId;
      return c.transcripts.find<Transcript>(query, withoutId).sort(newestFirst).limit(filter.limit).toArray();
    },
    removeOf: async (callerNumber: string) => (await c.transcripts.deleteMany({ callerNumber })).deletedCount,
    purge: async (before: string) => (await c.transcripts.deleteMany({ startedAt: { $lt: before } })).deletedCount,
    all: () => c.transcripts.find<Transcript>({}, withoutId).sort({ startedAt: 1, _id: 1 }).toArray(),
  };
}

export type MongoTranscripts = ReturnType<typeof createMongoTranscripts>;
