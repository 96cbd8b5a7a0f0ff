import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const src = fileURLToPath(new URL('.', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { sideEffects?: unknown };

/**
 * Modules whose top-level code does something besides declaring: jsep's operators, configured once
 * for the whole page. It is safe under `"sideEffects": false` only because jsep is called from this
 * file alone: a bundle that uses `parse` keeps the file and its configuration with it.
 */
const CONFIGURES_AT_IMPORT = new Set(['expression/parse.ts']);

const DECLARATIONS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.EnumDeclaration,
]);

/** The files whose top level runs code other than declarations, or imports a module for its effects only. */
function filesActingAtImport(): string[] {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('testing/fixtures'));
  return files
    .filter((file) => {
      const source = ts.createSourceFile(file, readFileSync(`${src}/${file}`, 'utf8'), ts.ScriptTarget.Latest);
      return source.statements.some((s) => !DECLARATIONS.has(s.kind) || (ts.isImportDeclaration(s) && s.importClause === undefined));
    })
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/**
 * The designer's bundle drops a module of this package none of whose exports it uses (package.json
 * `"sideEffects": false`, so that the French dictionary's one import does not bring the language
 * into every page). A node type registered, a registry filled or a zod extension made by importing
 * a file would then vanish from the production build alone: say it in `sideEffects` instead.
 */
describe('the flow language does nothing at import that a bundle could drop', () => {
  it('has no module acting at import but parse.ts, whose configuration goes where jsep goes', () => {
    expect(packageJson.sideEffects).toBe(false);
    expect(filesActingAtImport()).toEqual([...CONFIGURES_AT_IMPORT]);
  });

  it('calls jsep from parse.ts only', () => {
    const users = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => /^import jsep\b|^import \{[^}]*\} from 'jsep'/m.test(readFileSync(`${src}/${f}`, 'utf8')));
    expect(users.map((f) => f.split('\\').join('/'))).toEqual(['expression/parse.ts']);
  });
});
