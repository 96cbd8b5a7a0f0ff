import { Flow } from '../schema/flow.ts';
import { migrateFlow } from '../migrations/index.ts';
import type { LintIssue } from './types.ts';

export type ParseFlowResult = { ok: true; flow: Flow; migratedFrom: number } | { ok: false; issues: LintIssue[] };

/**
 * Reads a flow document from JSON: migrates it to the current schema version, then validates
 * it. Problems come back as issues naming the node and field, never as exceptions.
 */
export function parseFlow(input: unknown): ParseFlowResult {
  const migrated = migrateFlow(input);
  if (!migrated.ok) return { ok: false, issues: [{ severity: 'error', code: 'schema.version', message: migrated.error }] };
  const parsed = Flow.safeParse(migrated.document);
  if (parsed.success) return { ok: true, flow: parsed.data, migratedFrom: migrated.from };
  const doc = migrated.document as { nodes?: Array<{ id?: unknown }>; edges?: Array<{ id?: unknown }> };
  const issues = parsed.error.issues.map((issue): LintIssue => {
    const [top, index, ...rest] = issue.path;
    const where: Pick<LintIssue, 'node' | 'edge' | 'field'> = {};
    if (top === 'nodes' && typeof index === 'number') {
      const id = doc.nodes?.[index]?.id;
      if (typeof id === 'string') where.node = id;
      if (rest.length > 0) where.field = rest.join('.');
    } else if (top === 'edges' && typeof index === 'number') {
      const id = doc.edges?.[index]?.id;
      if (typeof id === 'string') where.edge = id;
      if (rest.length > 0) where.field = rest.join('.');
    } else {
      where.field = issue.path.join('.');
    }
    const at = where.node ? `node ${where.node}` : where.edge ? `edge ${where.edge}` : issue.path.join('.') || 'the document';
    const field = where.field && (where.node || where.edge) ? ` ${where.field}` : '';
    // What is wrong, for the designer to say in the editor's language: zod's issue code and the schema's own words.
    const params: Record<string, string> = { problem: issue.message, kind: issue.code };
    if (issue.code === 'too_small' || issue.code === 'too_big') params.limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    return { severity: 'error', code: 'schema.invalid', message: `${at}${field}: ${issue.message}`, ...where, params };
  });
  return { ok: false, issues };
}
