import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Factories of runtime/src/errors.ts, with the argument that holds the code (or the code they always give). */
const FACTORIES: Record<string, { codeArgument: number } | { code: string }> = {
  invalid: { codeArgument: 0 },
  notFound: { codeArgument: 0 },
  conflict: { codeArgument: 0 },
  unprocessable: { codeArgument: 0 },
  throttled: { codeArgument: 0 },
  BadInputError: { codeArgument: 1 },
  DependencyError: { codeArgument: 1 },
  unauthenticated: { code: 'unauthenticated' },
  forbidden: { code: 'forbidden' },
};

export interface ErrorCodeScan {
  /** Every code, with the first place that makes it. */
  codes: Map<string, string>;
  /** Places whose code is not written out (a variable): a reader cannot know it. */
  unreadable: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The string literals an expression can be (`a ? 'x' : 'y'` gives both), or null when it is not written out. */
function literals(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  if (ts.isConditionalExpression(node)) {
    const a = literals(node.whenTrue);
    const b = literals(node.whenFalse);
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

/**
 * The error codes the server can answer with, read from its source: every call of an error
 * factory imported from `errors.ts` (and `new BadInputError`/`new DependencyError`), plus the
 * `{ error: { code: '…' } }` bodies written by hand in the API layer.
 */
export function errorCodesInSource(runtimeSrc: string): ErrorCodeScan {
  const codes = new Map<string, string>();
  const unreadable: string[] = [];
  for (const file of sourceFiles(runtimeSrc)) {
    const where = relative(runtimeSrc, file);
    if (where === 'errors.ts') continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    // Local name → factory, from `import { conflict as x } from '../errors.ts'`.
    const imported = new Map<string, string>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!/(^|\/)errors\.ts$/.test(statement.moduleSpecifier.text)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imported.set(element.name.text, (element.propertyName ?? element.name).text);
    }
    const note = (code: string, node: ts.Node) => {
      if (!codes.has(code)) codes.set(code, `${where}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression)) {
        const factory = FACTORIES[imported.get(node.expression.text) ?? ''];
        if (factory && 'code' in factory) note(factory.code, node);
        else if (factory) {
          const argument = node.arguments?.[factory.codeArgument];
          const found = argument ? literals(argument) : null;
          if (found) for (const code of found) note(code, node);
          else unreadable.push(`${where}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
      if (where.startsWith('api/') && ts.isPropertyAssignment(node) && node.name.getText(source) === 'error' && ts.isObjectLiteralExpression(node.initializer)) {
        for (const property of node.initializer.properties) {
          if (ts.isPropertyAssignment(property) && property.name.getText(source) === 'code') for (const code of literals(property.initializer) ?? []) note(code, property);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, unreadable };
}
