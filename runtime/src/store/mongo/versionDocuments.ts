import type { ClientSession } from 'mongodb';
import type { FlowVersion, FlowVersionSummary } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { everyRow } from '../dumpedPages.ts';

/** Versions a backup's page holds: their documents can weigh a MiB each (a 1,000-node flow). */
const VERSION_PAGE_ROWS = 100;

/** Two first upserts of one counter can race; the loser's duplicate-key error is worth a retry. */
async function retryOnDuplicate<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= attempts) throw error;
    }
  }
}

/** A version's document is user JSON: stored with names MongoDB may refuse encoded, read back decoded. */
export const storedVersion = (version: FlowVersion): FlowVersion => ({ ...version, document: encodeKeys(version.document) });
const versionOf = (stored: FlowVersion): FlowVersion => ({ ...stored, document: decodeKeys(stored.document) });

/** The write that labels a version, or removes its label (no field at all, as a version published without one). */
export function versionLabelUpdate(flowId: string, number: number, label: string | null) {
  return { filter: { flowId, number }, update: label === null ? { $unset: { label: '' as const } } : { $set: { label } } };
}

/**
 * Published versions. The next number comes from an atomic `$inc` on a per-flow counter, so
 * simultaneous publications get distinct numbers; the unique (flowId, number) index is the
 * last guard, and a counter found behind (a hand-edited database) is raised to the highest
 * number stored.
 */
export function createMongoVersions(c: MongoCollections) {
  const nextNumber = async (flowId: string, hash: string): Promise<number> => {
    const counter = await retryOnDuplicate(() =>
      c.versionCounters.findOneAndUpdate({ flowId }, { $inc: { last: 1 }, $set: { lastHash: hash } }, { upsert: true, returnDocument: 'after', ...withoutId }),
    );
    if (!counter) throw new Error(`the version counter of flow ${flowId} did not come back from its upsert`);
    return counter.last;
  };
  /**
   * The next number unless the last one went to a version with this hash (null then): the
   * counter's `lastHash` is checked and moved in the same atomic update that gives the number.
   */
  const nextNumberUnlessLatest = async (flowId: string, hash: string): Promise<number | null> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const counter = await c.versionCounters.findOneAndUpdate(
          { flowId, lastHash: { $ne: hash } },
          { $inc: { last: 1 }, $set: { lastHash: hash } },
          { upsert: true, returnDocument: 'after', ...withoutId },
        );
        if (!counter) throw new Error(`the version counter of flow ${flowId} did not come back from its upsert`);
        return counter.last;
      } catch (error) {
        // The counter exists with this hash (the upsert's insert collides), or two first upserts raced.
        if (!isDuplicateKey(error) || attempt >= 5) throw error;
        if (await c.versionCounters.findOne({ flowId, lastHash: hash })) return null;
      }
    }
  };
  const latestWithHash = async (flowId: string, hash: string): Promise<FlowVersion | null> => {
    // The other publisher took the number a moment ago: its insert follows.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const [latest] = await c.versions.find<FlowVersion>({ flowId }, withoutId).sort({ number: -1 }).limit(1).toArray();
      if (latest?.hash === hash) return versionOf(latest);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  };
  const raiseCounter = (flowId: string, number: number, session?: ClientSession) =>
    retryOnDuplicate(() => c.versionCounters.updateOne({ flowId }, { $max: { last: number }, $unset: { lastHash: '' as const } }, { upsert: true, ...(session ? { session } : {}) }));

  return {
    async add(version: Omit<FlowVersion, 'number'>, options: { unlessLatest?: boolean } = {}): Promise<FlowVersion & { existed?: true }> {
      if (options.unlessLatest) {
        const number = await nextNumberUnlessLatest(version.flowId, version.hash);
        if (number === null) {
          const latest = await latestWithHash(version.flowId, version.hash);
          if (!latest) throw new Error(`flow ${version.flowId}: the version numbered for hash ${version.hash} never appeared`);
          return { ...latest, existed: true };
        }
        const stored: FlowVersion = { ...version, number };
        await c.versions.insertOne(storedVersion(stored));
        return stored;
      }
      for (let attempt = 1; ; attempt += 1) {
        const stored: FlowVersion = { ...version, number: await nextNumber(version.flowId, version.hash) };
        try {
          await c.versions.insertOne(storedVersion(stored));
          return stored;
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= 3) throw error;
          const [highest] = await c.versions
            .find<{ number: number }>({ flowId: version.flowId }, { projection: { _id: 0, number: 1 } })
            .sort({ number: -1 })
            .limit(1)
            .toArray();
          await raiseCounter(version.flowId, highest?.number ?? 0);
        }
      }
    },
    async put(version: FlowVersion): Promise<void> {
      await c.versions.replaceOne({ flowId: version.flowId, number: version.number }, storedVersion(version), { upsert: true });
      await raiseCounter(version.flowId, version.number);
    },
    list: (flowId: string) =>
      c.versions
        .find<FlowVersionSummary>({ flowId }, { projection: { _id: 0, document: 0 } })
        .sort({ number: 1 })
        .toArray(),
    async get(flowId: string, number: number): Promise<FlowVersion | null> {
      const found = await c.versions.findOne<FlowVersion>({ flowId, number }, withoutId);
      return found ? versionOf(found) : null;
    },
    /** The highest number's version: one document read through the (flowId, number) index. */
    async latest(flowId: string): Promise<FlowVersion | null> {
      const found = await c.versions.findOne<FlowVersion>({ flowId }, { ...withoutId, sort: { number: -1 } });
      return found ? versionOf(found) : null;
    },
    /** The content hash alone: a cheap check that a cached version is the one stored. */
    async getHash(flowId: string, number: number): Promise<string | null> {
      const found = await c.versions.findOne<{ hash: string }>({ flowId, number }, { projection: { _id: 0, hash: 1 } });
      return found?.hash ?? null;
    },
    all(options: { session?: ClientSession } = {}) {
      return everyRow(this.pages(options));
    },
    /** Every version (backups), `size` at a time (fewer than other lists: a document can weigh a MiB), in the order of their key. */
    pages: (options: { session?: ClientSession } = {}, size = VERSION_PAGE_ROWS, cursors?: DumpCursors) =>
      cursorPages(
        () =>
          c.versions
            .find<FlowVersion>({}, { ...withoutId, ...options })
            .sort({ flowId: 1, number: 1 })
            .batchSize(size),
        size,
        versionOf,
        cursors,
      ),
    /** One version's document (a backup's lookups, in its session), or undefined. */
    documentOf: async (flowId: string, number: number, options: { session?: ClientSession } = {}): Promise<FlowVersion['document'] | undefined> => {
      const found = await c.versions.findOne<Pick<FlowVersion, 'document'>>({ flowId, number }, { projection: { _id: 0, document: 1 }, ...options });
      return found ? decodeKeys(found.document) : undefined;
    },
    setLabel: (flowId: string, number: number, label: string | null) => {
      const { filter, update } = versionLabelUpdate(flowId, number, label);
      return c.versions.findOneAndUpdate(filter, update, { returnDocument: 'after', projection: { _id: 0, document: 0 } }) as Promise<FlowVersionSummary | null>;
    },
    raiseCounter,
  };
}

export type MongoVersions = ReturnType<typeof createMongoVersions>;
