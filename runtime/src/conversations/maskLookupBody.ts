import { MASK, type Flow } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';

/** What a tester sees of a response body at most: enough to read an error, not a data dump. */
export const SHOWN_BODY_CHARS = 4000;

/** Keys that hold credentials or codes in any operator's API, masked whatever the flow says. */
const SENSITIVE_KEY = /^(puk\d*|pin\d*|password|passwd|secret|token|access_?token|refresh_?token|otp|api_?key|authorization)$/i;

function stepsOf(path: string): string[] {
  return [...path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[2] ?? m[1]) as string);
}

function maskAt(root: unknown, steps: string[]): void {
  let here = root;
  for (const [i, step] of steps.entries()) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, step)) return;
    if (i === steps.length - 1) (here as Record<string, unknown>)[step] = MASK;
    else here = (here as Record<string, unknown>)[step];
  }
}

function maskKeys(value: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskKeys(v, names));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE_KEY.test(k) || names.has(k.toLowerCase()) ? MASK : maskKeys(v, names)]));
}

/**
 * A look-up's response body as a tester may read it in the simulator: what the node maps into a
 * sensitive variable masked, so are keys named like a sensitive variable or a credential; as
 * indented JSON (or the text as it came), cut at SHOWN_BODY_CHARS. Undefined when there is no body.
 */
export function maskLookupBody(flow: Flow, nodeId: string, body: unknown): { text: string; truncated: boolean } | undefined {
  if (body === undefined || body === '') return undefined;
  const sensitive = [...sensitiveNamesOf(flow)];
  const node = flow.nodes.find((n) => n.id === nodeId);
  const maskedPaths = node?.type === 'http' ? node.responseMapping.filter((m) => sensitive.includes(m.variable)).map((m) => stepsOf(m.path)) : [];
  let text: string;
  if (maskedPaths.some((steps) => steps.length === 0)) {
    // The whole answer goes into a sensitive variable.
    text = MASK;
  } else if (typeof body === 'string') {
    text = body;
  } else {
    // A copy: the answer fed to the flow stays as it came.
    const copy = maskKeys(JSON.parse(JSON.stringify(body)) as unknown, new Set(sensitive.map((n) => n.toLowerCase())));
    for (const steps of maskedPaths) maskAt(copy, steps);
    text = JSON.stringify(copy, null, 2);
  }
  const truncated = text.length > SHOWN_BODY_CHARS;
  return { text: truncated ? `${text.slice(0, SHOWN_BODY_CHARS)}…` : text, truncated };
}
