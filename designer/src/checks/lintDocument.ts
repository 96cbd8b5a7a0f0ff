import { lintFlow, parseFlow, type Flow, type LintContext, type LintIssue } from '@griot/flows';

/** Documents `parseFlow` returned as they are (`readDocument`'s): valid, so their first check does not parse them again. */
const parsed = new WeakSet<Flow>();

/** `flow` is what `parseFlow` returned, untouched since (a draft read from the server): the checks skip its schema pass. */
export function markParsed(flow: Flow): Flow {
  parsed.add(flow);
  return flow;
}

/**
 * The checks the server runs before publishing, run in the browser: schema first (a field
 * that does not validate is named), then the flow lint, with the server's rules when known.
 * A document just read from the server was parsed then (~half of the 1919 flow's checks at open):
 * parsed once, not twice. An edited document is a new object, and parsed again.
 */
export function lintDocument(doc: Flow, context?: LintContext | null): LintIssue[] {
  if (parsed.has(doc)) return lintFlow(doc, context ?? {});
  const result = parseFlow(doc);
  if (!result.ok) return result.issues;
  return lintFlow(result.flow, context ?? {});
}
