import type { z } from 'zod';
import { invalid } from '../errors.ts';

/**
 * Parses a request body or query with its zod schema; the 400 names the first field at fault
 * (`document.nodes.3.prompt`) and lists every issue.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || where, message: issue.message }));
  const first = issues[0]!;
  const message = first.field === where ? `the ${where} is invalid: ${first.message}` : `${first.field}: ${first.message}`;
  throw invalid(where === 'body' ? 'invalid_body' : 'invalid_query', message, { field: first.field, body: { issues } });
}
