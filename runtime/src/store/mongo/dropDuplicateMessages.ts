import type { MongoCollections } from './mongoCollections.ts';

/** What start-up repaired before creating an index, for the log: counts only, never a message's text. */
export interface StoreRepair {
  event: string;
  message: string;
  counts: Record<string, number>;
  /** `info`: a one-off upgrade pass that went as planned; a repair of what should not have been is a warning. */
  level?: 'info' | 'warn';
}

const KEY = { contactId: 1, id: 1 } as const;

/** Whether the collection already has the unique (contactId, id) index (then it holds no duplicates). */
async function hasUniqueIndex(c: MongoCollections): Promise<boolean> {
  try {
    const existing = await c.handoffMessages.listIndexes().toArray();
    return existing.some((index) => index.unique === true && JSON.stringify(index.key) === JSON.stringify(KEY));
  } catch {
    // NamespaceNotFound: no collection yet, so nothing to repair.
    return false;
  }
}

/**
 * Agent messages stored twice under one id in one contact (two instances storing one retry at
 * once, before the unique `(contactId, id)` index existed) would make creating that index fail,
 * and the instance would not start. Before the index exists, each such group keeps its first
 * message (oldest `at`, then insertion) and loses the others; once the index exists, nothing is
 * read. Returns what was removed (null when nothing was).
 */
export async function dropDuplicateMessages(c: MongoCollections): Promise<StoreRepair | null> {
  if (await hasUniqueIndex(c)) return null;
  const groups = await c.handoffMessages
    .aggregate<{ ids: unknown[] }>(
      [
        { $sort: { contactId: 1, at: 1, _id: 1 } },
        { $group: { _id: { contactId: '$contactId', id: '$id' }, ids: { $push: '$_id' }, n: { $sum: 1 } } },
        { $match: { n: { $gt: 1 } } },
        { $project: { _id: 0, ids: 1 } },
      ],
      { allowDiskUse: true },
    )
    .toArray();
  if (groups.length === 0) return null;
  let removed = 0;
  const extra = groups.flatMap((group) => group.ids.slice(1));
  for (let i = 0; i < extra.length; i += 1000) {
    removed += (await c.handoffMessages.deleteMany({ _id: { $in: extra.slice(i, i + 1000) as never[] } })).deletedCount;
  }
  return {
    event: 'store.duplicateMessagesRemoved',
    message: `removed ${removed} duplicate agent message(s) in ${groups.length} group(s) sharing a contact and a message id, keeping the first of each, before creating their unique index`,
    counts: { groups: groups.length, removed },
  };
}
