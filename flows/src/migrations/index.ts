import { CURRENT_SCHEMA_VERSION } from '../schema/flow.ts';

/**
 * Flow documents carry `schemaVersion`; each migration lifts a document one version, so a flow
 * saved by any earlier Griot opens in this one.
 */
type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

const migrations: Record<number, Migration> = {
  /**
   * Version 1 kept each node's connections on the node itself (`next: { output: targetId }`),
   * which is pleasant to write by hand; version 2 keeps them in `edges`, as the canvas draws
   * them.
   */
  1: (doc) => {
    const nodes = Array.isArray(doc.nodes) ? (doc.nodes as Array<Record<string, unknown>>) : [];
    const edges: Array<Record<string, string>> = [];
    const migrated = nodes.map((node) => {
      const { next, ...rest } = node;
      if (next && typeof next === 'object') {
        for (const [output, target] of Object.entries(next as Record<string, unknown>)) {
          if (typeof target === 'string') {
            edges.push({ id: `${String(node.id)}-${output}`, source: String(node.id), output, target });
          }
        }
      }
      return rest;
    });
    const existing = Array.isArray(doc.edges) ? (doc.edges as Array<Record<string, string>>) : [];
    return { ...doc, schemaVersion: 2, nodes: migrated, edges: [...existing, ...edges] };
  },
};

export type MigrationResult = { ok: true; document: unknown; from: number } | { ok: false; error: string };

export function migrateFlow(input: unknown): MigrationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: 'a flow must be a JSON object' };
  }
  let doc = input as Record<string, unknown>;
  const from = doc.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, error: `schemaVersion must be a whole number (the current one is ${CURRENT_SCHEMA_VERSION})` };
  }
  if (from > CURRENT_SCHEMA_VERSION) {
    return { ok: false, error: `schemaVersion ${from} is newer than this Griot understands (${CURRENT_SCHEMA_VERSION})` };
  }
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v += 1) {
    const migrate = migrations[v];
    if (!migrate) return { ok: false, error: `no migration from schemaVersion ${v}` };
    doc = migrate(doc);
  }
  return { ok: true, document: doc, from };
}
