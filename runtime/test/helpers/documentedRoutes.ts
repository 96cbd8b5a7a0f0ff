import { readFileSync } from 'node:fs';
import type { Role } from '../../src/store/types.ts';

/** Who the docs say may call a route. */
export type DocumentedAccess = 'public' | 'any' | 'channel' | Role[];

export interface DocumentedRoute {
  method: string;
  /** OpenAPI style: `/api/flows/{id}`. */
  path: string;
  access: DocumentedAccess;
  /** The docs line, for messages. */
  line: number;
}

const ROLES = new Set<string>(['admin', 'editor', 'publisher', 'tester', 'viewer', 'agent', 'supervisor']);

/**
 * The routes of docs/api.md: every table whose header has `method`, `path` and `role` columns.
 * A method cell may hold several (`GET/POST`); the path is the first `code` span of its cell,
 * `:param` written `{param}`, the query string left out. The role cell is `—` (no login), `any`,
 * `channel`, or role names separated by commas; words in parentheses are a comment.
 */
export function documentedRoutes(file: string): DocumentedRoute[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const routes: DocumentedRoute[] = [];
  let columns: string[] | null = null;
  lines.forEach((text, index) => {
    if (!text.startsWith('|')) {
      columns = null;
      return;
    }
    const cells = text
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    if (columns === null) {
      columns = cells.map((c) => c.toLowerCase());
      return;
    }
    if (cells.every((c) => /^-+$/.test(c))) return;
    const at = (name: string) => (columns as string[]).indexOf(name);
    if (at('method') < 0 || at('path') < 0 || at('role') < 0) return;
    const path = /`([^`]+)`/.exec(cells[at('path')] ?? '')?.[1]?.split('?')[0];
    if (!path) throw new Error(`docs/api.md:${index + 1}: no path in ${text}`);
    const access = parseRole(cells[at('role')] ?? '', index + 1);
    for (const method of (cells[at('method')] ?? '').split('/')) {
      routes.push({ method: method.trim().toLowerCase(), path: path.replace(/:(\w+)/g, '{$1}'), access, line: index + 1 });
    }
  });
  return routes;
}

function parseRole(cell: string, line: number): DocumentedAccess {
  const text = cell.replace(/\([^)]*\)/g, '').trim();
  if (text === '—') return 'public';
  if (text === 'any' || text === 'channel') return text;
  const roles = text.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !ROLES.has(r));
  if (unknown.length > 0) throw new Error(`docs/api.md:${line}: unknown role ${unknown.join(', ')} in "${cell}"`);
  return roles as Role[];
}
