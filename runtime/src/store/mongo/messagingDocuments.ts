import { MongoBulkWriteError, type AnyBulkWriteOperation, type ClientSession, type Filter } from 'mongodb';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow, pagedRows } from '../dumpedPages.ts';
import type { JsonValue } from '@griot/flows';
import {
  isNewerStatus,
  STATUS_KEPT_MS,
  type ConversationMark,
  type DeliveryReport,
  type InboundLease,
  type InboundOutcome,
  type InboundRecord,
  type InboundState,
  type MessagingDump,
  type MessagingStore,
  type NewInbound,
  type OutboundRecord,
} from '../messagingTypes.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import type { ConversationMarkDocument, InboundDocument, MongoCollections, OutboundDocument } from './mongoCollections.ts';

const plain = { projection: { _id: 0, expiresAtDate: 0, arrival: 0 } } as const;
const withoutContent = { projection: { _id: 0, expiresAtDate: 0, arrival: 0, payload: 0, progress: 0 } } as const;
/** Acknowledged by a majority and journaled: the webhook answers 200 only after this. */
const DURABLE = { writeConcern: { w: 'majority' as const, journal: true } };

const nowIso = () => new Date().toISOString();
/** A settled record, or one that was never waited on, may go once expired; unprocessed ones have no expiry. */
const notExpired = (now: string): Filter<InboundDocument> => ({ $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: now } }] });
const leaseFree = (now: string): Filter<InboundDocument>[] => [{ lease: { $exists: false } }, { 'lease.until': { $lte: now } }];

/**
 * The messages of one webhook call share their `receivedAt`, and their ids (the platform's) sort
 * in no useful order: `arrival` grows with each message this process records, so recovery and
 * the inbox keep the order they came in. Another instance's messages of the same millisecond
 * interleave in some fixed order (they raced: neither came first).
 */
let lastArrival = 0;
const nextArrival = () => (lastArrival += 1);
/** Oldest first: by time, then by arrival within a millisecond (the id last, for records from before `arrival`). */
const OLDEST_FIRST = { receivedAt: 1, arrival: 1, id: 1 } as const;
const NEWEST_FIRST = { receivedAt: -1, arrival: -1, id: -1 } as const;

function documentOf(m: NewInbound): InboundDocument {
  return {
    arrival: nextArrival(),
    id: m.id,
    channel: m.channel,
    conversationKey: m.conversationKey,
    state: 'received',
    attempts: 0,
    receivedAt: m.receivedAt,
    updatedAt: m.receivedAt,
    ...(m.payload !== null ? { payload: m.payload } : {}),
    ...(m.lease ? { lease: { ...m.lease } } : {}),
    ...(m.expiresAt ? { expiresAt: m.expiresAt, expiresAtDate: new Date(m.expiresAt) } : {}),
  };
}

/**
 * `store.messaging` on MongoDB. Every write that must not race is one single-document atomic
 * operation guarded by a unique index (`id`, `key`, `messageId`): a standalone server is enough.
 * Expiring records carry `expiresAtDate` for TTL indexes; reads check the ISO instant themselves.
 */
export function createMongoMessaging(c: MongoCollections) {
  const store: MessagingStore = {
    async recordInbound(messages: NewInbound[]): Promise<boolean[]> {
      const now = nowIso();
      // One id twice in one call: the first is recorded, the others are re-deliveries.
      const first = new Map<string, number>();
      messages.forEach((m, i) => first.has(m.id) || first.set(m.id, i));
      const indexes = [...first.values()];
      if (indexes.length === 0) return [];
      const operations: AnyBulkWriteOperation<InboundDocument>[] = indexes.map((i) => ({
        updateOne: { filter: { id: messages[i]!.id, ...notExpired(now) }, update: { $setOnInsert: documentOf(messages[i]!) }, upsert: true },
      }));
      let upserted: Record<number, unknown>;
      let duplicates: number[] = [];
      try {
        upserted = (await c.messagingInbound.bulkWrite(operations, { ordered: false, ...DURABLE })).upsertedIds;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
        if (writeErrors.some((e) => e.code !== 11000)) throw error;
        upserted = error.result.upsertedIds;
        duplicates = writeErrors.map((e) => e.index);
      }
      const fresh = new Set(indexes.filter((_, op) => op in upserted));
      // A unique-index refusal is an expired record the filter skipped (take its place) or a racing insert (a re-delivery).
      for (const op of duplicates) {
        const m = messages[indexes[op]!]!;
        const replaced = await c.messagingInbound.replaceOne({ id: m.id, expiresAt: { $lte: now } }, documentOf(m), DURABLE);
        if (replaced.modifiedCount === 1) fresh.add(indexes[op]!);
      }
      return messages.map((_, i) => fresh.has(i));
    },
    takeInbound: (id: string, lease: InboundLease, now: string) =>
      c.messagingInbound.findOneAndUpdate(
        { id, state: 'received', $or: [...leaseFree(now), { 'lease.owner': lease.owner }] },
        { $inc: { attempts: 1 }, $set: { lease: { ...lease }, updatedAt: now } },
        { ...plain, returnDocument: 'after' },
      ) as Promise<InboundRecord | null>,
    async holdInbound(id: string, lease: InboundLease, update: { progress?: JsonValue; error?: string } = {}): Promise<boolean> {
      const $set: Record<string, unknown> = { 'lease.until': lease.until };
      if (update.progress !== undefined) $set.progress = update.progress;
      if (update.error !== undefined) $set.lastError = update.error;
      return (await c.messagingInbound.updateOne({ id, state: 'received', 'lease.owner': lease.owner }, { $set })).matchedCount === 1;
    },
    async renewLeases(owner: string, ids: string[], until: string): Promise<number> {
      if (ids.length === 0) return 0;
      return (await c.messagingInbound.updateMany({ id: { $in: ids }, state: 'received', 'lease.owner': owner }, { $set: { 'lease.until': until } })).matchedCount;
    },
    async settleInbound(id: string, owner: string, outcome: InboundOutcome): Promise<boolean> {
      const result = await c.messagingInbound.updateOne(
        { id, state: 'received', 'lease.owner': owner },
        {
          $set: {
            state: outcome.state,
            updatedAt: outcome.at,
            expiresAt: outcome.expiresAt,
            expiresAtDate: new Date(outcome.expiresAt),
            ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
          },
          $unset: { payload: '', progress: '', lease: '' },
        },
      );
      return result.matchedCount === 1;
    },
    dueInbound: (now: string, limit: number) =>
      c.messagingInbound
        .find<InboundRecord>({ state: 'received', payload: { $exists: true }, $or: leaseFree(now) }, plain)
        .sort(OLDEST_FIRST)
        .limit(limit)
        .toArray(),
    listInbound: (filter: { states: InboundState[]; limit: number }) =>
      c.messagingInbound
        .find<InboundRecord>({ state: { $in: filter.states } }, withoutContent)
        .sort(NEWEST_FIRST)
        .limit(filter.limit)
        .toArray(),

    async touchConversation(key: string, at: string, expiresAt: string): Promise<string | null> {
      const now = nowIso();
      // `$max`: a late re-delivery never moves the last time back; the document before tells the time before.
      const before = await c.messagingConversations.findOneAndUpdate(
        { key },
        { $max: { lastInbound: at }, $set: { expiresAt, expiresAtDate: new Date(expiresAt) } },
        { upsert: true, returnDocument: 'before', projection: { _id: 0 } },
      );
      if (!before || before.expiresAt > now) return before?.lastInbound ?? null;
      // It had expired (the TTL monitor had not removed it yet): this message starts afresh.
      await c.messagingConversations.updateOne({ key }, { $set: { lastInbound: at } });
      return null;
    },
    lastInbound: async (key: string) => (await c.messagingConversations.findOne({ key, expiresAt: { $gt: nowIso() } }))?.lastInbound ?? null,
    getOutbound: (key: string) => c.messagingOutbound.findOne<OutboundRecord>({ key, expiresAt: { $gt: nowIso() } }, plain),
    async putOutbound(record: OutboundRecord): Promise<void> {
      await c.messagingOutbound.replaceOne({ key: record.key }, { ...record, expiresAtDate: new Date(record.expiresAt) }, { upsert: true });
    },
    async recordStatus(report: DeliveryReport): Promise<DeliveryReport> {
      const expiresAtDate = new Date(Date.now() + STATUS_KEPT_MS);
      // Compare and swap on the status read: reports of one message may reach two instances at once.
      for (let tries = 0; tries < 10; tries += 1) {
        const current = await c.messagingStatuses.findOne<DeliveryReport>({ messageId: report.messageId }, plain);
        if (!isNewerStatus(current, report)) return current as DeliveryReport;
        if (!current) {
          try {
            await c.messagingStatuses.insertOne({ ...report, expiresAtDate });
            return report;
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
            continue;
          }
        }
        const swapped = await c.messagingStatuses.replaceOne({ messageId: report.messageId, status: current.status, at: current.at }, { ...report, expiresAtDate });
        if (swapped.matchedCount === 1) return report;
      }
      throw new Error(`delivery status of ${report.messageId} kept changing: not recorded`);
    },
    getStatus: (messageId: string) => c.messagingStatuses.findOne<DeliveryReport>({ messageId }, plain),
    async purgeExpired(now: string): Promise<number> {
      // The TTL indexes remove these within a minute or so anyway; this makes it exact, through the same indexes.
      const expired = { expiresAtDate: { $lte: new Date(now) } };
      const counts = await Promise.all([
        c.messagingInbound.deleteMany(expired),
        c.messagingConversations.deleteMany(expired),
        c.messagingOutbound.deleteMany(expired),
        c.messagingStatuses.deleteMany(expired),
      ]);
      return counts.reduce((sum, r) => sum + r.deletedCount, 0);
    },
  };

  return {
    ...store,
    /**
     * What a backup keeps (`MessagingDump`): waiting messages (no process holds them in a backup;
     * their progress, which may hold what the flow said, a PUK code, never enters it), their
     * conversations' outbound keys, conversation times.
     */
    async dump(options: { session?: ClientSession } = {}, paged = false, cursors?: DumpCursors): Promise<MessagingDump> {
      const now = nowIso();
      const waiting = (
        await c.messagingInbound
          .find<InboundRecord>({ state: 'received', payload: { $exists: true } }, { ...plain, ...options })
          .sort(OLDEST_FIRST)
          .toArray()
      ).map(({ lease: _lease, progress: _progress, ...record }) => record);
      const keys = [...new Set(waiting.map((r) => r.conversationKey))];
      // One after the other: reads in one (snapshot) session must not run in parallel on it.
      const outbound =
        keys.length > 0
          ? await c.messagingOutbound
              .find<OutboundRecord>({ conversationKey: { $in: keys }, expiresAt: { $gt: now } }, { ...plain, ...options })
              .sort({ conversationKey: 1, key: 1 })
              .toArray()
          : [];
      // Every conversation (nearly all live): read through the key's index, the expired few dropped
      // here; a page at a time for the backup writer (one per subscriber who wrote within the window).
      const conversations = cursorPages(
        () =>
          c.messagingConversations
            .find<ConversationMark>({}, { ...plain, ...options })
            .sort({ key: 1 })
            .batchSize(DUMP_PAGE_ROWS),
        DUMP_PAGE_ROWS,
        (m) => (m.expiresAt > now ? m : undefined),
        cursors,
      );
      return {
        inbound: waiting,
        outbound: outbound.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        conversations: paged ? pagedRows(conversations) : await everyRow(conversations),
      };
    },
    /** What a restore inserts, per collection, as stored (nothing is written here). */
    restoreDocuments(dump: MessagingDump) {
      return [
        // A backup lists them oldest first: their order is their arrival.
        { collection: c.messagingInbound, documents: dump.inbound.map(({ lease: _lease, progress: _progress, ...r }): InboundDocument => ({ ...r, arrival: nextArrival() })) },
        { collection: c.messagingOutbound, documents: dump.outbound.map((r): OutboundDocument => ({ ...r, expiresAtDate: new Date(r.expiresAt) })) },
        { collection: c.messagingConversations, documents: dump.conversations.map((m): ConversationMarkDocument => ({ ...m, expiresAtDate: new Date(m.expiresAt) })) },
      ] as const;
    },
  };
}

export type MongoMessaging = ReturnType<typeof createMongoMessaging>;
