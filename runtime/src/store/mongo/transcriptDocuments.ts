import type { ClientSession, Filter } from 'mongodb';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow } from '../dumpedPages.ts';
import { previewKeyPrefix, previewsKeptAfterTrim, type Transcript, type TranscriptFilter, type TranscriptTurn, type TurnWrite } from '../types.ts';
import type { MongoCollections, TranscriptDocument } from './mongoCollections.ts';
import { withoutIdOrTurnIds } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { inSession } from './mongoTransactions.ts';

/** Latest first; `_id` orders transcripts started in the same millisecond by insertion. */
const newestFirst = { startedAt: -1, _id: -1 } as const;
/** How many applied turn ids a transcript remembers: enough for any retry of a turn's write. */
export const TURN_IDS_KEPT = 20;

/** A turn as stored: its input (the caller's words, a look-up's answer) may hold names MongoDB refuses. */
const stored = (turn: TranscriptTurn): TranscriptTurn => encodeKeys(turn);
const read = (transcript: Transcript): Transcript => ({ ...transcript, turns: transcript.turns.map((t) => decodeKeys(t)) });

/**
 * The update (an aggregation pipeline) that appends `turn` to a transcript once: when `turnId`
 * is already among the transcript's applied turns, it leaves it as it is. One atomic operation,
 * so a turn's write sent again after a failure (or a lost answer) never doubles its line.
 */
export function appendTurnOnce(turn: TranscriptTurn, turnId: string, end?: { at: string; reason: string }) {
  const applied = { $in: [turnId, { $ifNull: ['$turnIds', []] }] };
  const unlessApplied = (field: string, value: unknown) => ({ $cond: [applied, `$${field}`, value] });
  return [
    {
      $set: {
        turns: unlessApplied('turns', { $concatArrays: [{ $ifNull: ['$turns', []] }, [{ $literal: stored(turn) }]] }),
        ...(end ? { endedAt: unlessApplied('endedAt', { $literal: end.at }), endReason: unlessApplied('endReason', { $literal: end.reason }) } : {}),
        turnIds: unlessApplied('turnIds', { $slice: [{ $concatArrays: [{ $ifNull: ['$turnIds', []] }, [turnId]] }, -TURN_IDS_KEPT] }),
      },
    },
  ];
}

/**
 * One document per transcript with its turns in an array: a turn is appended to the latest
 * transcript of the session key (keys come back when a WhatsApp number writes again).
 */
export function createMongoTranscripts(c: MongoCollections) {
  const removeIds = async (ids: unknown[]) => (ids.length === 0 ? 0 : (await c.transcripts.deleteMany({ _id: { $in: ids as never[] } })).deletedCount);
  return {
    async start(transcript: Transcript): Promise<void> {
      await c.transcripts.insertOne({ ...transcript, turns: transcript.turns.map(stored) });
    },
    async append(sessionKey: string, turn: TranscriptTurn): Promise<void> {
      await c.transcripts.findOneAndUpdate({ sessionKey }, { $push: { turns: stored(turn) } }, { sort: newestFirst, projection: { _id: 1 } });
    },
    /**
     * A turn's transcript part, applied once by `turnId`: a new contact's transcript is created
     * only if no transcript of the key holds that turn; a later turn is appended only if the
     * latest transcript does not hold it yet.
     */
    async record({ session, turn, newTranscript, end }: TurnWrite, turnId: string, clientSession?: ClientSession): Promise<void> {
      if (newTranscript) {
        const ending = end ? { endedAt: end.at, endReason: end.reason } : {};
        // $elemMatch, not an equality: an upsert copies equalities into the document it creates.
        const filter: Filter<TranscriptDocument> = { sessionKey: newTranscript.sessionKey, turnIds: { $elemMatch: { $eq: turnId } } };
        await c.transcripts.updateOne(filter, { $setOnInsert: { ...newTranscript, turns: [stored(turn)], ...ending, turnIds: [turnId] } }, { upsert: true, ...inSession(clientSession) });
        return;
      }
      await c.transcripts.findOneAndUpdate({ sessionKey: session.key }, appendTurnOnce(turn, turnId, end), { sort: newestFirst, projection: { _id: 1 }, ...inSession(clientSession) });
    },
    async end(sessionKey: string, endedAt: string, endReason: string): Promise<void> {
      await c.transcripts.findOneAndUpdate({ sessionKey }, { $set: { endedAt, endReason } }, { sort: newestFirst, projection: { _id: 1 } });
    },
    async get(sessionKey: string): Promise<Transcript | null> {
      const found = await c.transcripts.findOne<Transcript>({ sessionKey }, { sort: newestFirst, ...withoutIdOrTurnIds });
      return found ? read(found) : null;
    },
    async list(filter: TranscriptFilter): Promise<Transcript[]> {
      const query: Filter<TranscriptDocument> = {};
      if (filter.callerNumber !== undefined) query.callerNumber = filter.callerNumber;
      if (filter.flowId !== undefined) query.flowId = filter.flowId;
      if (filter.previewsOf !== undefined) {
        const mine = previewKeyPrefix(filter.previewsOf).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        query.$or = [{ sessionKey: { $not: /^preview:/ } }, { sessionKey: { $regex: `^${mine}` } }];
      }
      if (filter.testCallsFrom !== undefined) {
        if (filter.testCallsFrom.length === 0) return [];
        // The partial index `test_calls` holds only the tester transcripts; each number since it was a tester's.
        query.tester = true;
        query.preview = false;
        query.$and = [{ $or: filter.testCallsFrom.map(({ number, since }) => ({ callerNumber: number, ...(since !== undefined ? { startedAt: { $gte: since } } : {}) })) }];
      }
      return (await c.transcripts.find<Transcript>(query, withoutIdOrTurnIds).sort(newestFirst).limit(filter.limit).toArray()).map(read);
    },
    /** Distinct caller numbers starting with `prefix`, after `after`: a range of the callerNumber index (a page may repeat one: deduplicated). */
    async callers(prefix: string, after: string, limit: number): Promise<string[]> {
      const hi = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      const lo = after >= prefix ? { $gt: after } : { $gte: prefix };
      const page = await c.transcripts
        .find({ callerNumber: { ...lo, $lt: hi } }, { projection: { _id: 0, callerNumber: 1 } })
        .sort({ callerNumber: 1 })
        .limit(limit)
        .toArray();
      return [...new Set(page.map((d) => d.callerNumber))];
    },
    removeOf: async (callerNumber: string) => (await c.transcripts.deleteMany({ callerNumber })).deletedCount,
    purge: async (before: string) => (await c.transcripts.deleteMany({ startedAt: { $lt: before } })).deletedCount,
    /**
     * A user's preview transcripts beyond the newest `perUser`, then, when everyone's are more than
     * `inAll`, the oldest of them down to 90% (the partial index of previews, oldest first), removed by _id.
     */
    async trimPreviews(userId: string, perUser: number, inAll: number): Promise<number> {
      const mine = previewKeyPrefix(userId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const own = await c.transcripts.find<{ _id: unknown; startedAt: string }>({ sessionKey: { $regex: `^${mine}` } }, { projection: { _id: 1, startedAt: 1 } }).toArray();
      // A user's previews are few (bounded here): sorted in memory, newest first, insertion breaking ties.
      own.sort((a, b) => (a.startedAt === b.startedAt ? String(b._id).localeCompare(String(a._id)) : b.startedAt.localeCompare(a.startedAt)));
      let removed = await removeIds(own.slice(perUser).map((t) => t._id));
      const previews = await c.transcripts.countDocuments({ preview: true });
      if (previews > inAll) {
        const oldest = await c.transcripts
          .find<{ _id: unknown }>({ preview: true }, { projection: { _id: 1 } })
          .sort({ startedAt: 1, _id: 1 })
          .limit(previews - previewsKeptAfterTrim(inAll))
          .toArray();
        removed += await removeIds(oldest.map((t) => t._id));
      }
      return removed;
    },
    /** Every transcript (backups), `size` at a time. */
    pages: (options: { session?: ClientSession } = {}, size = DUMP_PAGE_ROWS, cursors?: DumpCursors) =>
      cursorPages(
        () =>
          c.transcripts
            .find<Transcript>({}, { ...withoutIdOrTurnIds, ...options })
            .sort({ startedAt: 1, _id: 1 })
            .batchSize(size),
        size,
        read,
        cursors,
      ),
    all(options: { session?: ClientSession } = {}) {
      return everyRow(this.pages(options));
    },
    /** The stored form of a transcript (restore). */
    documentOf: (transcript: Transcript): TranscriptDocument => ({ ...transcript, turns: transcript.turns.map(stored) }),
  };
}

export type MongoTranscripts = ReturnType<typeof createMongoTranscripts>;
