import { MASK, type Flow } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { isSecretKey, maskSecretKeyedText } from '../sensitive/sensitiveKeys.ts';
import { piecesOf } from '../sensitive/holdsSensitiveValue.ts';

/** What a tester sees of a response body at most: enough to read an error, not a data dump. */
export const SHOWN_BODY_CHARS = 4000;

function stepsOf(path: string): string[] {
  return [...path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[2] ?? m[1]) as string);
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

/** `piecesOf` stopping once there are more than MOST_PIECES (a 1 MB list is not walked to the end for nothing). */
function piecesUpTo(value: unknown, out: Set<string>): void {
  if (out.size > MOST_PIECES || value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'string' || typeof value === 'number') {
    piecesOf(value, out);
    return;
  }
  if (typeof value !== 'object') return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    piecesUpTo(item, out);
    if (out.size > MOST_PIECES) return;
  }
}

/**
 * The body as `JSON.stringify(masked, null, 2)` would write it, written only up to just past
 * `limit` characters: what lies past the cut is never copied, masked nor searched, so a 1 MB answer
 * costs what its first 4,000 characters cost (copying and masking it all held the event loop ~0.5 s
 * per MB, and an answer may be up to 64 MiB). Masked on the way: a value under a key named like a
 * sensitive variable or a credential, one at a path the node maps into a sensitive variable, and
 * the sensitive `pieces` in each string and number (`'all'`: each masked whole).
 */
function maskedJsonText(body: unknown, names: ReadonlySet<string>, maskedPaths: ReadonlySet<string>, pieces: readonly string[] | 'all' | undefined, limit: number): string {
  const parts: string[] = [];
  let length = 0;
  const write = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const longestPiece = Array.isArray(pieces) ? Math.max(0, ...pieces.map((p) => p.length)) : 0;
  const leaf = (value: string | number): string => {
    if (pieces === undefined) return JSON.stringify(value);
    if (pieces === 'all') return JSON.stringify(MASK);
    if (typeof value === 'number') return pieces.includes(String(value)) ? JSON.stringify(MASK) : JSON.stringify(value);
    // Only what can be shown is searched: a piece starting before the cut lies whole within.
    const room = Math.max(0, limit - length + longestPiece + 1);
    return JSON.stringify(maskMessageText(value.length > room ? value.slice(0, room) : value, pieces, { codes: false }));
  };
  const emit = (value: unknown, path: string, indent: string): void => {
    if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number' || typeof value !== 'object') {
      write(value === null || typeof value === 'boolean' ? String(value) : typeof value === 'string' || typeof value === 'number' ? leaf(value) : 'null');
      return;
    }
    const inner = `${indent}  `;
    const isList = Array.isArray(value);
    const entries = isList ? value.entries() : Object.entries(value as Record<string, unknown>);
    let first = true;
    for (const [key, item] of entries) {
      if (length > limit) return;
      if (!isList && item === undefined) continue;
      write(`${first ? (isList ? '[' : '{') : ','}\n${inner}`);
      first = false;
      const at = `${path}\u0000${String(key)}`;
      if (!isList) write(`${JSON.stringify(key)}: `);
      const masked = maskedPaths.has(at) || (!isList && (isSecretKey(key as string) || names.has((key as string).toLowerCase())));
      if (masked) write(leaf(MASK));
      else emit(item, at, inner);
    }
    if (length > limit) return;
    write(first ? (isList ? '[]' : '{}') : `\n${indent}${isList ? ']' : '}'}`);
  };
  emit(body, '', '');
  return parts.join('');
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
    // The answer fed to the flow is read, never changed. The values mapped into sensitive
    // variables, read before they are masked where the node reads them: the same value under
    // another key (« message »: « Votre PUK est 12345678 ») is masked too.
    const pieces = new Set<string>();
    for (const steps of maskedPaths) piecesUpTo(valueAt(body, steps), pieces);
    const names = new Set(sensitive.map((n) => n.toLowerCase()));
    const paths = new Set(maskedPaths.map((steps) => steps.map((step) => `\u0000${step}`).join('')));
    text = maskedJsonText(body, names, paths, pieces.size === 0 ? undefined : pieces.size > MOST_PIECES ? 'all' : [...pieces], SHOWN_BODY_CHARS);
  }
  const truncated = text.length > SHOWN_BODY_CHARS;
  return { text: truncated ? `${text.slice(0, SHOWN_BODY_CHARS)}…` : text, truncated };
}
