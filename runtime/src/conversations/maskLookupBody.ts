import { MASK, type Flow, type JsonValue } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { isSecretKey, maskSecretKeyedText } from '../sensitive/sensitiveKeys.ts';
import { piecesOf } from '../sensitive/holdsSensitiveValue.ts';

/** What a tester sees of a response body at most: enough to read an error, not a data dump. */
export const SHOWN_BODY_CHARS = 4000;

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

/** The value at `steps` in `root`, undefined when there is none. */
function valueAt(root: unknown, steps: string[]): unknown {
  let here = root;
  for (const step of steps) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, step)) return undefined;
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

/**
 * More pieces than this (a sensitive list of transactions) and every string and number shown is
 * masked: each is looked for in each value, and thousands of them against thousands of values held
 * the event loop for seconds (a 130 kB answer: 15 s, every call on the server waiting).
 */
const MOST_PIECES = 64;

/**
 * Every string and number in `value` with the sensitive `pieces` in it masked, as words or whole
 * values (`'all'`: masked whole), in the order JSON.stringify writes them. `budget` is what is left
 * of SHOWN_BODY_CHARS: each value and key takes at least its own length of the text, so once it is
 * spent the rest lies past the cut: masked whole, never searched (a large answer costs no more).
 */
function maskPieces(value: unknown, pieces: readonly string[] | 'all', budget: { left: number }): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    if (budget.left <= 0 || pieces === 'all') return MASK;
    const masked = typeof value === 'string' ? maskMessageText(value, pieces, { codes: false }) : pieces.includes(String(value)) ? MASK : value;
    budget.left -= JSON.stringify(masked).length;
    return masked;
  }
  if (Array.isArray(value)) return value.map((v) => maskPieces(v, pieces, budget));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      budget.left -= JSON.stringify(k).length;
      return [k, maskPieces(v, pieces, budget)];
    }),
  );
}

function maskKeys(value: unknown, names: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskKeys(v, names));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) || names.has(k.toLowerCase()) ? MASK : maskKeys(v, names)]));
}

/**
 * A look-up's response body as a tester may read it in the simulator: what the node maps into a
 * sensitive variable masked, wherever else in the body that value shows (under another key, in a
 * sentence); so are values under keys named like a sensitive variable or a credential (`pukCode`,
 * `client_secret`, `x-api-key`: sensitiveKeys.ts), in JSON as in a text body (`puk=…`, `<pin>…</pin>`); as
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
    // Not JSON (a form, XML, a sentence): the values under a secret's key (`puk_code=…`, `<pin>…</pin>`) masked.
    text = maskSecretKeyedText(body.length > 2 * SHOWN_BODY_CHARS ? body.slice(0, 2 * SHOWN_BODY_CHARS) : body);
  } else {
    // A copy: the answer fed to the flow stays as it came.
    const copy = maskKeys(JSON.parse(JSON.stringify(body)) as unknown, new Set(sensitive.map((n) => n.toLowerCase())));
    // The values mapped into sensitive variables, read before they are masked where the node reads
    // them: the same value under another key (« message »: « Votre PUK est 12345678 ») is masked too.
    const pieces = new Set<string>();
    for (const steps of maskedPaths) piecesOf(valueAt(body, steps) as JsonValue | undefined, pieces);
    for (const steps of maskedPaths) maskAt(copy, steps);
    const shown = pieces.size === 0 ? copy : maskPieces(copy, pieces.size > MOST_PIECES ? 'all' : [...pieces], { left: SHOWN_BODY_CHARS });
    text = JSON.stringify(shown, null, 2);
  }
  const truncated = text.length > SHOWN_BODY_CHARS;
  return { text: truncated ? `${text.slice(0, SHOWN_BODY_CHARS)}…` : text, truncated };
}
