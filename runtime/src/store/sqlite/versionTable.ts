import type Database from 'better-sqlite3';
import type { Flow } from '@griot/flows';
import type { FlowVersion, FlowVersionSummary, ImportProvenance } from '../types.ts';

interface VersionRow {
  flow_id: string;
  number: number;
  hash: string;
  document: string;
  author: string;
  message: string;
  created_at: string;
  label: string | null;
  imported_from: string | null;
}
type SummaryRow = Omit<VersionRow, 'document'>;

const toSummary = (r: SummaryRow): FlowVersionSummary => ({
  flowId: r.flow_id,
  number: r.number,
  hash: r.hash,
  author: r.author,
  message: r.message,
  createdAt: r.created_at,
  ...(r.label !== null ? { label: r.label } : {}),
  ...(r.imported_from !== null ? { importedFrom: JSON.parse(r.imported_from) as ImportProvenance } : {}),
});
const toVersion = (r: VersionRow): FlowVersion => ({ ...toSummary(r), document: JSON.parse(r.document) as Flow });

const versionParams = (v: Omit<FlowVersion, 'number'>) => ({
  flow_id: v.flowId,
  hash: v.hash,
  document: JSON.stringify(v.document),
  author: v.author,
  message: v.message,
  created_at: v.createdAt,
  label: v.label ?? null,
  imported_from: v.importedFrom ? JSON.stringify(v.importedFrom) : null,
});

/** Published versions: immutable documents numbered 1, 2, 3… per flow. */
export function createVersionTable(db: Database.Database) {
  // Reading the highest number and inserting the next is one statement, so it is atomic; the
  // primary key (flow_id, number) would refuse a duplicate anyway.
  const insertNext = db.prepare<[ReturnType<typeof versionParams>], { number: number }>(
    `INSERT INTO versions (flow_id, number, hash, document, author, message, created_at, label, imported_from)
     SELECT @flow_id, COALESCE(MAX(number), 0) + 1, @hash, @document, @author, @message, @created_at, @label, @imported_from FROM versions WHERE flow_id = @flow_id
     RETURNING number`,
  );
  // The same, unless the flow's latest version already has this hash (one statement: atomic).
  const insertNextUnlessLatest = db.prepare<[ReturnType<typeof versionParams>], { number: number }>(
    `INSERT INTO versions (flow_id, number, hash, document, author, message, created_at, label, imported_from)
     SELECT @flow_id, COALESCE(MAX(number), 0) + 1, @hash, @document, @author, @message, @created_at, @label, @imported_from FROM versions WHERE flow_id = @flow_id
     HAVING COALESCE((SELECT hash FROM versions WHERE flow_id = @flow_id ORDER BY number DESC LIMIT 1), '') <> @hash
     RETURNING number`,
  );
  const selectLatest = db.prepare<[string], VersionRow>('SELECT * FROM versions WHERE flow_id = ? ORDER BY number DESC LIMIT 1');
  const upsert = db.prepare<[ReturnType<typeof versionParams> & { number: number }]>(
    `INSERT OR REPLACE INTO versions (flow_id, number, hash, document, author, message, created_at, label, imported_from)
     VALUES (@flow_id, @number, @hash, @document, @author, @message, @created_at, @label, @imported_from)`,
  );
  const selectSummaries = db.prepare<[string], SummaryRow>('SELECT flow_id, number, hash, author, message, created_at, label, imported_from FROM versions WHERE flow_id = ? ORDER BY number');
  const updateLabel = db.prepare<[string | null, string, number], SummaryRow>(
    'UPDATE versions SET label = ? WHERE flow_id = ? AND number = ? RETURNING flow_id, number, hash, author, message, created_at, label, imported_from',
  );
  const selectOne = db.prepare<[string, number], VersionRow>('SELECT * FROM versions WHERE flow_id = ? AND number = ?');
  const selectAll = db.prepare<[], VersionRow>('SELECT * FROM versions ORDER BY flow_id, number');
  const selectHash = db.prepare<[string, number], string>('SELECT hash FROM versions WHERE flow_id = ? AND number = ?').pluck();

  return {
    add(version: Omit<FlowVersion, 'number'>, options: { unlessLatest?: boolean } = {}): FlowVersion & { existed?: true } {
      if (options.unlessLatest) {
        const inserted = insertNextUnlessLatest.get(versionParams(version));
        if (inserted) return { ...version, number: inserted.number };
        const latest = selectLatest.get(version.flowId);
        if (!latest) throw new Error(`inserting a version of flow ${version.flowId} returned no number`);
        return { ...toVersion(latest), existed: true };
      }
      const row = insertNext.get(versionParams(version));
      if (!row) throw new Error(`inserting a version of flow ${version.flowId} returned no number`);
      return { ...version, number: row.number };
    },
    put(version: FlowVersion): void {
      upsert.run({ ...versionParams(version), number: version.number });
    },
    list: (flowId: string): FlowVersionSummary[] => selectSummaries.all(flowId).map(toSummary),
    getHash: (flowId: string, number: number): string | null => selectHash.get(flowId, number) ?? null,
    get(flowId: string, number: number): FlowVersion | null {
      const row = selectOne.get(flowId, number);
      return row ? toVersion(row) : null;
    },
    latest(flowId: string): FlowVersion | null {
      const row = selectLatest.get(flowId);
      return row ? toVersion(row) : null;
    },
    all: (): FlowVersion[] => selectAll.all().map(toVersion),
    setLabel(flowId: string, number: number, label: string | null): FlowVersionSummary | null {
      const row = updateLabel.get(label, flowId, number);
      return row ? toSummary(row) : null;
    },
  };
}

export type VersionTable = ReturnType<typeof createVersionTable>;

/** What a page of versions holds at most, in characters of their documents (about 10 ms of parsing), whatever a flow's size. */
const VERSION_PAGE_CHARS = 1024 * 1024;

/**
 * The versions as `all()` gives them, from `reader` (a backup's snapshot), a page per call: up to
 * `size` versions and no more than a MiB of documents (at least one), after the last one
 * read on the table's key. Empty once all are read.
 */
export function versionPages(reader: Database.Database, size: number): () => FlowVersion[] {
  const first = reader.prepare<[number], VersionRow>('SELECT * FROM versions ORDER BY flow_id, number LIMIT ?');
  const after = reader.prepare<[string, number, number], VersionRow>('SELECT * FROM versions WHERE (flow_id, number) > (?, ?) ORDER BY flow_id, number LIMIT ?');
  let last: VersionRow | undefined;
  return () => {
    const page: FlowVersion[] = [];
    let chars = 0;
    for (const row of last ? after.iterate(last.flow_id, last.number, size) : first.iterate(size)) {
      page.push(toVersion(row));
      last = row;
      chars += row.document.length;
      if (chars >= VERSION_PAGE_CHARS) break;
    }
    return page;
  };
}

/** One version's document from `reader` (a backup's snapshot), or undefined. */
export function versionDocumentOf(reader: Database.Database): (flowId: string, number: number) => Flow | undefined {
  const select = reader.prepare<[string, number], string>('SELECT document FROM versions WHERE flow_id = ? AND number = ?').pluck();
  return (flowId, number) => {
    const document = select.get(flowId, number);
    return document === undefined ? undefined : (JSON.parse(document) as Flow);
  };
}
