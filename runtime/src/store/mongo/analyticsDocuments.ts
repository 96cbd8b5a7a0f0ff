import type { AnyBulkWriteOperation, ClientSession, Document } from 'mongodb';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow, pagedRows } from '../dumpedPages.ts';
import type { AnalyticsCounter, AnalyticsDump, CounterGroup, CounterQuery, CounterSum, FactBatch } from '../types.ts';
import { counterKey, coverPeriod, foldBatches } from '../analyticsCounters.ts';
import { plainBatch } from '../factRuns.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';
import { clearErased, withoutErased } from './factErasureDocuments.ts';
import type { RestoreTarget } from './mongoBackup.ts';

/** A counter as stored: its key as `_id`, so adding to it is one upsert. */
export type CounterDocument = AnalyticsCounter & { _id: string };
export interface AnalyticsStateDocument {
  _id: string;
  value: string;
}

/** The upsert that adds a folded counter to the stored one (created at the first fact). */
export function counterUpsert(counter: AnalyticsCounter): AnyBulkWriteOperation<CounterDocument> {
  const { count, sum, max, ...dims } = counter;
  return {
    updateOne: {
      filter: { _id: counterKey(counter) },
      update: { $setOnInsert: dims, $inc: { count, sum }, $max: { max } },
      upsert: true,
    },
  };
}

const GROUP_FIELD: Record<CounterGroup, unknown> = {
  hour: '$start',
  day: { $concat: [{ $substrCP: ['$start', 0, 10] }, 'T00:00:00.000Z'] },
  metric: '$metric',
  key: '$key',
  detail: '$detail',
  flowId: '$flowId',
  version: '$version',
  environment: '$environment',
  channel: '$channel',
  locale: '$locale',
  traffic: '$traffic',
};

/** `sumCounters` as an aggregation: the same buckets and filters as the SQLite adapter, then a group. */
export function counterPipeline(query: CounterQuery): Document[] | null {
  const cover = coverPeriod(query.from, query.to);
  if (cover.from >= cover.to || query.metrics.length === 0 || query.versions?.length === 0 || query.traffic?.length === 0) return null;
  const ranges = query.groupBy.includes('hour')
    ? [{ bucket: 'hour', start: { $gte: cover.from, $lt: cover.to } }]
    : [...(cover.days ? [{ bucket: 'day', start: { $gte: cover.days[0], $lt: cover.days[1] } }] : []), ...cover.hours.map(([from, to]) => ({ bucket: 'hour', start: { $gte: from, $lt: to } }))];
  const match: Document = { metric: { $in: query.metrics }, $or: ranges };
  if (query.flowId !== undefined) match.flowId = query.flowId;
  if (query.versions) match.version = { $in: query.versions };
  if (query.environment !== undefined) match.environment = query.environment;
  if (query.channel !== undefined) match.channel = query.channel;
  if (query.locale !== undefined) match.locale = query.locale;
  if (query.key !== undefined) match.key = query.key;
  if (query.traffic) match.traffic = { $in: query.traffic };
  const id = Object.fromEntries(query.groupBy.map((g) => [g, GROUP_FIELD[g]]));
  return [{ $match: match }, { $group: { _id: id, count: { $sum: '$count' }, sum: { $sum: '$sum' }, max: { $max: '$max' } } }];
}

/** A group of the pipeline's output as `sumCounters` returns it. */
export function counterSumOf(row: Document, groupBy: CounterGroup[]): CounterSum {
  const out: CounterSum = { count: row.count as number, sum: row.sum as number, max: row.max as number };
  for (const g of groupBy) (out as unknown as Record<string, unknown>)[g] = (row._id as Record<string, unknown>)[g] ?? (g === 'version' ? null : undefined);
  return out;
}

/**
 * Raw facts and counters. Without multi-document transactions a deferred roll-up could count a
 * fact twice after a crash, so each batch adds to its counters as it is recorded (one unordered
 * bulk write beside the fact's insert); `rollUp` has nothing to do.
 */
/** Facts as read: without `_id` nor the mark of a turn's fact not counted yet (standalone servers). */
const factFields = { projection: { _id: 0, uncounted: 0 } } as const;

export function createMongoAnalytics(c: MongoCollections) {
  async function record(given: FactBatch[]): Promise<void> {
    if (given.length === 0) return;
    // An erased caller's digest (listed by any instance) is not written again (`factErasureDocuments.ts`).
    const batches = await withoutErased(c, given);
    const counters = foldBatches(batches).map(counterUpsert);
    await Promise.all([c.analyticsFacts.insertMany(batches.map(plainBatch)), counters.length > 0 ? c.analyticsCounters.bulkWrite(counters, { ordered: false }) : undefined]);
    await clearErased(c, batches);
  }

  /**
   * A turn's facts (saveTurn): in its transaction on a replica set. On a standalone server each
   * is recorded once by the turn's id and counted once: the fact is inserted marked `uncounted`,
   * and whoever clears the mark adds it to the counters. A turn sent again after a lost answer
   * finds its fact (E11000) and counts it only if the mark is still there; a failure after the
   * mark was cleared leaves the counters short, never doubled (figures that never flatter).
   */
  async function recordTurn(given: FactBatch, turnId: string, session?: ClientSession): Promise<void> {
    // An erased caller's digest is dropped here; one listed while the turn commits is cleared after it (MongoStore.saveTurn).
    const [batch] = (await withoutErased(c, [given], session)) as [FactBatch];
    const counters = foldBatches([batch]).map(counterUpsert);
    if (session) {
      await c.analyticsFacts.insertOne({ ...plainBatch(batch), _id: turnId } as never, { session });
      if (counters.length > 0) await c.analyticsCounters.bulkWrite(counters, { ordered: false, session });
      return;
    }
    try {
      await c.analyticsFacts.insertOne({ ...plainBatch(batch), _id: turnId, uncounted: true } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const claimed = await c.analyticsFacts.updateOne({ _id: turnId, uncounted: true } as never, { $unset: { uncounted: '' } });
    if (claimed.matchedCount === 1 && counters.length > 0) await c.analyticsCounters.bulkWrite(counters, { ordered: false });
  }

  return {
    record,
    recordTurn,
    async sum(query: CounterQuery): Promise<CounterSum[]> {
      const pipeline = counterPipeline(query);
      if (!pipeline) return [];
      const rows = await c.analyticsCounters.aggregate(pipeline).toArray();
      return rows.map((row) => counterSumOf(row, query.groupBy));
    },
    listFacts(filter: { from: string; to: string; flowId?: string; limit: number }): Promise<FactBatch[]> {
      return c.analyticsFacts
        .find<FactBatch>({ at: { $gte: filter.from, $lt: filter.to }, ...(filter.flowId !== undefined ? { flowId: filter.flowId } : {}) }, factFields)
        .sort({ at: 1, _id: 1 })
        .limit(filter.limit)
        .toArray();
    },
    async purgeFacts(before: string): Promise<number> {
      const purged = (await c.analyticsFacts.deleteMany({ at: { $lt: before } })).deletedCount;
      // The erased callers' digests are kept as long as the facts they keep them out of.
      await c.erasedCallers.deleteMany({ erasedAt: { $lt: before } });
      return purged;
    },
    /** After a turn's facts were committed: a caller erased meanwhile loses their digest in them too. */
    clearErased: (batch: FactBatch) => clearErased(c, [batch]),
    purgeCounters: async (before: string) => (await c.analyticsCounters.deleteMany({ start: { $lt: before } })).deletedCount,
    async key(candidate: string): Promise<string> {
      const run = () => c.analyticsState.findOneAndUpdate({ _id: 'callerKey' }, { $setOnInsert: { value: candidate } }, { upsert: true, returnDocument: 'after' });
      let stored: AnalyticsStateDocument | null;
      try {
        stored = await run();
      } catch (error) {
        // Two instances' first start at once: the loser reads the winner's key.
        if (!isDuplicateKey(error)) throw error;
        stored = await run();
      }
      return stored!.value;
    },
    /**
     * One query per collection, one after the other (a backup's snapshot session must not run reads
     * in parallel). `paged` (the backup writer's dump): facts and counters read a page at a time as
     * the writer comes to them (a month of facts of a busy line is the store's biggest table), their
     * cursors registered with the dump's `cursors` while open.
     */
    async dump(options: { session?: ClientSession } = {}, paged = false, cursors?: DumpCursors): Promise<AnalyticsDump> {
      const [key] = await c.analyticsState.find({ _id: 'callerKey' }, options).toArray();
      const facts = cursorPages(
        () =>
          c.analyticsFacts
            .find<FactBatch>({}, { ...factFields, ...options })
            .sort({ at: 1, _id: 1 })
            .batchSize(DUMP_PAGE_ROWS),
        DUMP_PAGE_ROWS,
        (f) => f,
        cursors,
      );
      const counters = cursorPages(
        () =>
          c.analyticsCounters
            .find<AnalyticsCounter>({}, { ...withoutId, ...options })
            .sort({ _id: 1 })
            .batchSize(DUMP_PAGE_ROWS),
        DUMP_PAGE_ROWS,
        (counter) => counter,
        cursors,
      );
      if (paged) return { ...(key ? { key: key.value } : {}), facts: pagedRows(facts), counters: pagedRows(counters) };
      return { ...(key ? { key: key.value } : {}), facts: await everyRow(facts), counters: await everyRow(counters) };
    },
    /**
     * What a restore inserts (mongoBackup's all-or-nothing plan). Restored counters already
     * include the restored facts: inserted as they are, not counted again.
     */
    restoreDocuments(dump: AnalyticsDump): Array<{ collection: RestoreTarget; documents: Document[] }> {
      return [
        { collection: c.analyticsState, documents: dump.key ? [{ _id: 'callerKey', value: dump.key }] : [] },
        { collection: c.analyticsFacts, documents: dump.facts.map(plainBatch) },
        { collection: c.analyticsCounters, documents: dump.counters.map((counter) => ({ ...counter, _id: counterKey(counter) })) },
      ];
    },
  };
}

export type MongoAnalytics = ReturnType<typeof createMongoAnalytics>;
