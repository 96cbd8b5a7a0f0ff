import type { ChangeStream } from 'mongodb';
import type { ClusterEvent, ClusterEventStore, EventCursor, Lease, LeaseStore } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

/** A published event as stored: its id as `_id`, its time as a Date too (order, TTL). */
export interface ClusterEventDocument extends Omit<ClusterEvent, 'id'> {
  _id: string;
  atDate: Date;
}
export interface LeaseDocument {
  _id: string;
  holder: string;
  until: string;
  lastRunAt?: string;
}

/**
 * How far back a poll reads again: MongoDB makes an event visible when its write commits, which
 * among instances is not the order of their clocks. An event that commits up to this long after
 * a later-stamped one has been read is still seen; the ids read in this window are in the cursor,
 * so none is delivered twice.
 */
export const EVENT_OVERLAP_MS = 5_000;
/** Events are gone (TTL index) after this: every instance polls several times a second. */
export const EVENT_TTL_SECONDS = 600;

interface PollCursor {
  /** Read events stamped at or after this (ISO). */
  from: string;
  /** Ids already delivered among them. */
  seen: string[];
}

const toEvent = (d: ClusterEventDocument): ClusterEvent => ({ id: d._id, topic: d.topic, origin: d.origin, at: d.at, data: decodeKeys(d.data) });

function parseCursor(cursor: EventCursor): PollCursor {
  try {
    const parsed = JSON.parse(cursor) as Partial<PollCursor>;
    if (typeof parsed.from === 'string' && Array.isArray(parsed.seen)) return { from: parsed.from, seen: parsed.seen.filter((s) => typeof s === 'string') };
  } catch {
    // An unreadable cursor reads on from the overlap window.
  }
  return { from: new Date(Date.now() - EVENT_OVERLAP_MS).toISOString(), seen: [] };
}

/**
 * The events outbox on MongoDB (collection `clusterEvents`). Readers poll by time with an overlap
 * window (see EVENT_OVERLAP_MS), or, on a replica set, follow a change stream that pushes each
 * insert as it commits. Old events go by TTL index.
 */
export function createMongoEvents(c: MongoCollections, options: { changeStreams: boolean; now?: () => number }): ClusterEventStore {
  const now = options.now ?? Date.now;
  const store: ClusterEventStore = {
    async publishEvent(event: ClusterEvent): Promise<void> {
      const { id, ...rest } = event;
      await c.clusterEvents.insertOne({ _id: id, ...rest, data: encodeKeys(rest.data), atDate: new Date(event.at) });
    },
    async readEvents(cursor: EventCursor | null, limit: number) {
      if (cursor === null) return { events: [], cursor: JSON.stringify({ from: new Date(now() - EVENT_OVERLAP_MS).toISOString(), seen: [] } satisfies PollCursor) };
      const { from, seen } = parseCursor(cursor);
      const already = new Set(seen);
      const found = await c.clusterEvents
        .find({ at: { $gte: from } })
        .sort({ at: 1, _id: 1 })
        .limit(limit + already.size)
        .toArray();
      const fresh = found.filter((d) => !already.has(d._id)).slice(0, limit);
      const delivered = new Set([...already, ...fresh.map((d) => d._id)]);
      // The window starts EVENT_OVERLAP_MS before the newest event delivered (it never moves back);
      // the ids delivered within it are remembered. One seen before and not read again lies beyond
      // what was read, so still within the window.
      const newest = fresh.reduce((max, d) => (d.at > max ? d.at : max), from);
      const windowStart = new Date(Math.max(Date.parse(from), Date.parse(newest) - EVENT_OVERLAP_MS)).toISOString();
      const read = new Set(found.map((d) => d._id));
      const kept = [...found.filter((d) => delivered.has(d._id) && d.at >= windowStart).map((d) => d._id), ...seen.filter((id) => !read.has(id))];
      return { events: fresh.map(toEvent), cursor: JSON.stringify({ from: windowStart, seen: kept } satisfies PollCursor) };
    },
    purgeEvents: async (before: string) => (await c.clusterEvents.deleteMany({ at: { $lt: before } })).deletedCount,
  };
  if (options.changeStreams) {
    store.watchEvents = (onEvent, onError) => {
      let stream: ChangeStream<ClusterEventDocument> | undefined;
      try {
        stream = c.clusterEvents.watch<ClusterEventDocument>([{ $match: { operationType: 'insert' } }]);
      } catch (error) {
        onError(error);
        return async () => undefined;
      }
      stream.on('change', (change) => {
        if (change.operationType === 'insert') onEvent(toEvent(change.fullDocument));
      });
      stream.once('error', onError);
      return async () => {
        await stream?.close().catch(() => undefined);
      };
    };
  }
  return store;
}

const toLease = (d: LeaseDocument): Lease => ({ name: d._id, holder: d.holder, until: d.until, ...(d.lastRunAt ? { lastRunAt: d.lastRunAt } : {}) });

/**
 * Job leases on MongoDB (collection `leases`, one document per job, keyed by name). Taking one is
 * a single upsert filtered on "free, expired or ours": when another instance holds it, the filter
 * misses and the upsert collides with its document on `_id` (E11000), which means "not ours".
 */
export function createMongoLeases(c: MongoCollections): LeaseStore {
  return {
    async acquireLease(name, holder, until, now) {
      try {
        const found = await c.leases.findOneAndUpdate({ _id: name, $or: [{ holder }, { until: { $lte: now } }] }, { $set: { holder, until } }, { upsert: true, returnDocument: 'after' });
        return found ? toLease(found) : null;
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    },
    markLeaseRun: async (name, holder, at) => (await c.leases.updateOne({ _id: name, holder }, { $set: { lastRunAt: at } })).matchedCount === 1,
    releaseLease: async (name, holder) => (await c.leases.updateOne({ _id: name, holder }, { $set: { holder: '', until: '' } })).matchedCount === 1,
    getLease: async (name) => {
      const found = await c.leases.findOne({ _id: name });
      return found ? toLease(found) : null;
    },
    // An anchored prefix reads the `_id` index; a released lease's until is ''.
    purgeLeases: async (prefix, now) => (await c.leases.deleteMany({ _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` }, until: { $lte: now } })).deletedCount,
  };
}
