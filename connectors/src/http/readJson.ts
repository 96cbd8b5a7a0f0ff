import secureJson from 'secure-json-parse';

/**
 * How deep a JSON body may nest. A flow document nests about 10 levels (the 1919 self-care
 * flow: 10; the 1,000-node benchmark flow: 6) and no webhook payload comes close; deeper input
 * only serves to overflow recursive validators further down (a 10,000-deep binding setting did).
 */
export const MAX_JSON_DEPTH = 64;

export type JsonReading = { ok: true; value: unknown } | { ok: false; code: 'invalid_json' | 'json_too_deep'; message: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether the text nests arrays and objects deeper than `maxDepth`, counted on the raw text
 * before anything is parsed (brackets inside strings do not count). Working on bytes is safe:
 * in UTF-8 no byte of a multi-byte character is an ASCII bracket, quote or backslash.
 */
function nestsDeeperThan(text: Uint8Array | string, maxDepth: number): boolean {
  if (opensAtMost(text, maxDepth)) return false;
  return typeof text === 'string' ? stringNestsDeeperThan(text, maxDepth) : bytesNestDeeperThan(text, maxDepth);
}

/**
 * Whether the text holds at most `max` opening brackets (`[` and `{`, strings included): then it
 * cannot nest deeper than `max`, and the scan below is not needed. Found with `indexOf` (native,
 * memchr-fast) instead of a loop over every byte: the whole read of a 1.7 kB jambonz call hook
 * (6 brackets) went from 7.8 to 4.7 µs in a loop, on every webhook (issue 17, one call at a time).
 */
function opensAtMost(text: Uint8Array | string, max: number): boolean {
  let opens = 0;
  if (typeof text === 'string') {
    for (let at = text.indexOf('['); at !== -1 && opens <= max; at = text.indexOf('[', at + 1)) opens += 1;
    for (let at = text.indexOf('{'); at !== -1 && opens <= max; at = text.indexOf('{', at + 1)) opens += 1;
  } else {
    for (let at = text.indexOf(OPEN_BRACKET); at !== -1 && opens <= max; at = text.indexOf(OPEN_BRACKET, at + 1)) opens += 1;
    for (let at = text.indexOf(OPEN_BRACE); at !== -1 && opens <= max; at = text.indexOf(OPEN_BRACE, at + 1)) opens += 1;
  }
  return opens <= max;
}

// Two copies of one scan, so that each loop reads its input directly: through a shared accessor
// closure the scan of a webhook's body cost as much as parsing it (issue 17's profiles).
function bytesNestDeeperThan(text: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth -= 1;
  }
  return false;
}

function stringNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth -= 1;
  }
  return false;
}

/** Prototype-poisoning keys are dropped, not refused (one options object for every read). */
const POISON_REMOVED = { protoAction: 'remove', constructorAction: 'remove' } as const;

/**
 * The one JSON reader of every inbound path (the API, webhooks, WebSocket frames): nesting
 * bounded before parsing, and prototype-poisoning keys dropped (`__proto__` anywhere, a
 * `constructor` holding a `prototype`) so no later merge or assignment can reach
 * `Object.prototype`. Never throws: a bad text is a reading with a code and a message.
 */
export function readJson(text: Uint8Array | string, options: { maxDepth?: number } = {}): JsonReading {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, code: 'json_too_deep', message: `the JSON nests deeper than ${maxDepth} levels` };
  try {
    // A Buffer (every webhook's body) is decoded as it is, not through a new view of its bytes.
    const source = typeof text === 'string' ? text : (Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength)).toString('utf8');
    return { ok: true, value: secureJson.parse(source, POISON_REMOVED) };
  } catch (error) {
    return { ok: false, code: 'invalid_json', message: `the body is not valid JSON${error instanceof SyntaxError ? `: ${error.message}` : ''}` };
  }
}
