import { readFile } from 'node:fs/promises';
import { parseFlow, type LintIssue, type Flow } from '@griot/flows';

export type FlowFile = { ok: true; flow: Flow } | { ok: false; issues: LintIssue[] };

/** Reads a flow file; a missing file or bad JSON is reported like any other issue. */
export async function readFlowFile(path: string): Promise<FlowFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ severity: 'error', code: 'file.unreadable', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ severity: 'error', code: 'file.json', message: `${path} is not valid JSON: ${(error as Error).message}` }] };
  }
  return parseFlow(json);
}

export function formatIssue(issue: LintIssue): string {
  const where = [issue.node ? `node ${issue.node}` : '', issue.edge ? `edge ${issue.edge}` : '', issue.field ? `(${issue.field})` : ''].filter(Boolean).join(' ');
  return `  ${issue.severity.padEnd(7)} ${issue.code.padEnd(24)} ${where ? `${where}: ` : ''}${issue.message}`;
}
