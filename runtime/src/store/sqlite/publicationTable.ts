import type Database from 'better-sqlite3';
import type { PublicationRequest, PublicationRequestExpectation, PublicationRequestStatus } from '../types.ts';
import type { PublicationRequestFilter } from '../publicationTypes.ts';

interface PublicationRow {
  id: string;
  flow_id: string;
  status: PublicationRequestStatus;
  requested_at: string;
  requested_by: string;
  data: string;
}

const toRequest = (r: { data: string }) => JSON.parse(r.data) as PublicationRequest;
const toRow = (request: PublicationRequest): PublicationRow => ({
  id: request.id,
  flow_id: request.flowId,
  status: request.status,
  requested_at: request.requestedAt,
  requested_by: request.requestedBy,
  data: JSON.stringify(request),
});

/**
 * Publication requests (migration 21; the requester's column, 22): the whole request as JSON, with the columns lists filter
 * on. A decision is one UPDATE guarded by the status read, so two publishers never both win.
 */
export function createPublicationTable(db: Database.Database) {
  const insert = db.prepare<[PublicationRow]>(
    'INSERT INTO publication_requests (id, flow_id, status, requested_at, requested_by, data) VALUES (@id, @flow_id, @status, @requested_at, @requested_by, @data)',
  );
  const update = db.prepare<[PublicationRow & { expected: PublicationRequestStatus; expected_updated_at: string }]>(
    `UPDATE publication_requests SET status = @status, requested_by = @requested_by, data = @data
     WHERE id = @id AND flow_id = @flow_id AND status = @expected AND json_extract(data, '$.updatedAt') = @expected_updated_at`,
  );
  const selectById = db.prepare<[string], { data: string }>('SELECT data FROM publication_requests WHERE id = ?');
  // One statement per combination of filters, prepared when first asked for.
  const selects = new Map<string, Database.Statement<unknown[], { data: string }>>();
  const select = (columns: string[]) => {
    const key = columns.join(',');
    let statement = selects.get(key);
    if (!statement) {
      const where = columns.length > 0 ? `WHERE ${columns.map((c) => `${c} = ?`).join(' AND ')} ` : '';
      statement = db.prepare<unknown[], { data: string }>(`SELECT data FROM publication_requests ${where}ORDER BY requested_at DESC, id DESC LIMIT ?`);
      selects.set(key, statement);
    }
    return statement;
  };
  const selectEvery = db.prepare<[], { data: string }>('SELECT data FROM publication_requests ORDER BY requested_at, id');
  const deleteOfFlow = db.prepare<[string]>('DELETE FROM publication_requests WHERE flow_id = ?');

  return {
    add(request: PublicationRequest): void {
      insert.run(toRow(request));
    },
    get(id: string): PublicationRequest | null {
      const row = selectById.get(id);
      return row ? toRequest(row) : null;
    },
    list(filter: PublicationRequestFilter): PublicationRequest[] {
      const { flowId, status, requestedBy, limit } = filter;
      const columns: string[] = [];
      const values: unknown[] = [];
      if (flowId !== undefined) {
        columns.push('flow_id');
        values.push(flowId);
      }
      if (status !== undefined) {
        columns.push('status');
        values.push(status);
      }
      if (requestedBy !== undefined) {
        columns.push('requested_by');
        values.push(requestedBy);
      }
      return select(columns)
        .all(...values, limit)
        .map(toRequest);
    },
    update: (request: PublicationRequest, expected: PublicationRequestExpectation): boolean =>
      update.run({ ...toRow(request), expected: expected.status, expected_updated_at: expected.updatedAt }).changes === 1,
    removeFlow: (flowId: string): number => deleteOfFlow.run(flowId).changes,
    /** Every request, oldest first (backups). */
    all: (): PublicationRequest[] => selectEvery.all().map(toRequest),
  };
}

export type PublicationTable = ReturnType<typeof createPublicationTable>;
