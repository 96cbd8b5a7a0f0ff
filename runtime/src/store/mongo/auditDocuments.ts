import type { AuditEntry } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';

/** The activity log, append-only; `_id` breaks ties between entries of the same millisecond. */
export function createMongoAudit(c: MongoCollections) {
  return {
    async append(entry: AuditEntry): Promise<void> {
      await c.audit.insertOne({ ...entry });
    },
    list: (filter: { target?: string; limit: number }) =>
      c.audit
        .find<AuditEntry>(filter.target === undefined ? {} : { target: filter.target }, withoutId)
        .sort({ at: -1, _id: -1 })
        .limit(filter.limit)
        .toArray(),
    all: () => c.audit.find<AuditEntry>({}, withoutId).sort({ at: 1, _id: 1 }).toArray(),
  };
}

export type MongoAudit = ReturnType<typeof createMongoAudit>;
