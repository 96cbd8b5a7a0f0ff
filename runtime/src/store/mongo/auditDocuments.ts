import type { ClientSession } from 'mongodb';
import type { AuditEntry } from '../types.ts';
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
    list: async (filter: { target?: string; limit: number }) =>
      (
        await c.audit
          .find<AuditEntry>(filter.target === undefined ? {} : { target: filter.target }, withoutId)
          .sort({ at: -1, _id: -1 })
          .limit(filter.limit)
          .toArray()
      ).map(entryOf),
    all: async (options: { session?: ClientSession } = {}) =>
      (
        await c.audit
          .find<AuditEntry>({}, { ...withoutId, ...options })
          .sort({ at: 1, _id: 1 })
          .toArray()
      ).map(entryOf),
  };
}

export type MongoAudit = ReturnType<typeof createMongoAudit>;
