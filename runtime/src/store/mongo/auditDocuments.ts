import type { ClientSession } from 'mongodb';
import { cursorPages, type DumpCursors } from './cursorPages.ts';
import { DUMP_PAGE_ROWS, everyRow } from '../dumpedPages.ts';
import type { AuditEntry, AuditFilter } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';

/** Details are free JSON (a binding's settings, a change's fields): names MongoDB may refuse are encoded. */
export const storedAuditEntry = (entry: AuditEntry): AuditEntry => (entry.details ? { ...entry, details: encodeKeys(entry.details) } : { ...entry });
const entryOf = (stored: AuditEntry): AuditEntry => (stored.details ? { ...stored, details: decodeKeys(stored.details) } : stored);

/** The activity log, append-only; `_id` breaks ties between entries of the same millisecond. */
export function createMongoAudit(c: MongoCollections) {
  return {
    async append(entry: AuditEntry): Promise<void> {
      await c.audit.insertOne(storedAuditEntry(entry));
    },
    async list(filter: AuditFilter): Promise<AuditEntry[]> {
      const query: Record<string, unknown> = {};
      if (filter.target !== undefined) query.target = filter.target;
      if (filter.actor !== undefined) query.actor = filter.actor;
      if (filter.action !== undefined) query.action = filter.action;
      if (filter.from !== undefined || filter.to !== undefined) query.at = { ...(filter.from !== undefined ? { $gte: filter.from } : {}), ...(filter.to !== undefined ? { $lt: filter.to } : {}) };
      if (filter.before !== undefined) {
        // `_id` orders entries of the same millisecond, as the listing does.
        const cursor = await c.audit.findOne<{ _id: unknown; at: string }>({ id: filter.before }, { projection: { _id: 1, at: 1 } });
        if (!cursor) return [];
        query.$or = [{ at: { $lt: cursor.at } }, { at: cursor.at, _id: { $lt: cursor._id } }];
      }
      return (await c.audit.find<AuditEntry>(query, withoutId).sort({ at: -1, _id: -1 }).limit(filter.limit).toArray()).map(entryOf);
    },
    /** Every entry (backups), `size` at a time. */
    pages: (options: { session?: ClientSession } = {}, size = DUMP_PAGE_ROWS, cursors?: DumpCursors) =>
      cursorPages(
        () =>
          c.audit
            .find<AuditEntry>({}, { ...withoutId, ...options })
            .sort({ at: 1, _id: 1 })
            .batchSize(size),
        size,
        entryOf,
        cursors,
      ),
    all(options: { session?: ClientSession } = {}) {
      return everyRow(this.pages(options));
    },
  };
}

export type MongoAudit = ReturnType<typeof createMongoAudit>;
