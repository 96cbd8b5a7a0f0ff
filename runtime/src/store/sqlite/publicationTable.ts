import type Database from 'better-sqlite3';
import type { PublicationRequest, PublicationRequestExpectation, PublicationRequestStatus } from '../types.ts';

interface PublicationRow {
  id: string;
  flow_id: string;
  status: PublicationRequestStatus;
  requested_at: string;
  data: string;
}

const toRequest = (r: { data: string }) => JSON.parse(r.data) as PublicationRequest;
const toRow = (request: PublicationRequest): PublicationRow => ({
  id: request.id,
  flow_id: request.flowId,
  status: request.status,
  requested_at: request.requestedAt,
  data: JSON.stringify(request),
});

/**
 * Publication requests (migration 20): the whole request as JSON, with the columns lists filter
 * on. A decision is one UPDATE guarded by the status read, so two publishers never both win.
 */
export function createPublicationTable(db: Database.Database) {
  const insert = db.prepare<[PublicationRow]>('INSERT INTO publication_requests (id, flow_id, status, requested_at, data) VALUES (@id, @flow_id, @status, @requested_at, @data)');
  const update = db.prepare<[PublicationRow & { expected: PublicationRequestStatus; expected_updated_at: string }]>(
    `UPDATE publication_requests SET status = @status, data = @data
     WHERE id = @id AND flow_id = @flow_id AND status = @expected AND json_extract(data, '$.updatedAt') = @expected_updated_at`,
  );
  const selectById = db.prepare<[string], { data: string }>('SELECT data FROM publication_requests WHERE id = ?');
  const selectAll = db.prepare<[number], { data: string }>('SELECT data FROM publication_requests ORDER BY requested_at DESC, id DESC LIMIT ?');
  const selectOfFlow = db.prepare<[string, number], { data: string }>('SELECT data FROM publication_requests WHERE flow_id = ? ORDER BY requested_at DESC, id DESC LIMIT ?');
  const selectInStatus = db.prepare<[string, number], { data: string }>('SELECT data FROM publication_requests WHERE status = ? ORDER BY requested_at DESC, id DESC LIMIT ?');
  const selectOfFlowInStatus = db.prepare<[string, string, number], { data: string }>(
    'SELECT data FROM publication_requests WHERE flow_id = ? AND status = ? ORDER BY requested_at DESC, id DESC LIMIT ?',
  );
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
    list(filter: { flowId?: string; status?: PublicationRequestStatus; limit: number }): PublicationRequest[] {
      const { flowId, status, limit } = filter;
      const rows =
        flowId !== undefined && status !== undefined
          ? selectOfFlowInStatus.all(flowId, status, limit)
          : flowId !== undefined
            ? selectOfFlow.all(flowId, limit)
            : status !== undefined
              ? selectInStatus.all(status, limit)
              : selectAll.all(limit);
      return rows.map(toRequest);
    },
    update: (request: PublicationRequest, expected: PublicationRequestExpectation): boolean =>
      update.run({ ...toRow(request), expected: expected.status, expected_updated_at: expected.updatedAt }).changes === 1,
    removeFlow: (flowId: string): number => deleteOfFlow.run(flowId).changes,
    /** Every request, oldest first (backups). */
    all: (): PublicationRequest[] => selectEvery.all().map(toRequest),
  };
}

export type PublicationTable = ReturnType<typeof createPublicationTable>;
