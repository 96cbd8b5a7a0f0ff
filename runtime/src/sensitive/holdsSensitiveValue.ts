import { ownValue, sensitivityOf, type Flow, type JsonValue, type Session } from '@griot/flows';
import { sensitiveNamesOf } from './sensitiveNames.ts';

/** A whole look-up answer sensitive only by default, with the parts of it the flow keeps in clear (`Sensitivity.clearParts`). */
type ClearParts = ReadonlyMap<string, ReadonlySet<string>>;
const NO_PARTS: ClearParts = new Map();

/** Shorter values (a 0 balance, a 1-digit choice) would match by chance: they are not looked for. */
const SHORTEST = 4;

/** Each string and number a sensitive value holds (a transaction list: its amounts, names, ids), as text, 4 characters or more. */
export function piecesOf(value: JsonValue | undefined, out: Set<string>): void {
  if (value === null || value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    if (text.length >= SHORTEST) out.add(text);
    return;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) piecesOf(item, out);
}

/** The texts the sessions hold in sensitive variables (each string and number in them, 4 characters or more). */
export function sensitiveValuesOf(flow: Flow, sessions: Session[]): string[] {
  return sensitiveValuesNamed(sensitiveNamesOf(flow), sessions, sensitivityOf(flow).clearParts);
}

/**
 * As `sensitiveValuesOf`, with the flow's sensitive variables already known (`sensitiveNamesOf`).
 * A whole answer sensitive only by default gives its pieces but those of the parts the flow keeps
 * in clear (`$.offer` keptInClear beside `$`: the offer's name is not account data, by the author's word).
 */
export function sensitiveValuesNamed(names: ReadonlySet<string>, sessions: Session[], clearParts: ClearParts = NO_PARTS): string[] {
  const pieces = new Set<string>();
  for (const session of sessions) {
    const readVar = (name: string) => ownValue(session.vars, name) as JsonValue | undefined;
    for (const name of names) piecesBut(readVar(name), clearParts.get(name), readVar, pieces);
  }
  return [...pieces];
}

/** `piecesOf(value)` into `out`, but the pieces of the clear `parts` (read with `readVar`). */
function piecesBut(value: JsonValue | undefined, parts: ReadonlySet<string> | undefined, readVar: (name: string) => JsonValue | undefined, out: Set<string>): void {
  if (!parts) {
    piecesOf(value, out);
    return;
  }
  const own = new Set<string>();
  piecesOf(value, own);
  const clear = new Set<string>();
  for (const part of parts) piecesOf(readVar(part), clear);
  for (const piece of own) if (!clear.has(piece)) out.add(piece);
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Whether `piece` is in `text` other than inside a longer word or number (`12345678` in « PUK : 12345678. », not in `9912345678`). */
function hasWord(text: string, piece: string): boolean {
  for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
    const before = text[at - 1];
    const after = text[at + piece.length];
    if ((before === undefined || !WORD_CHARACTER.test(before)) && (after === undefined || !WORD_CHARACTER.test(after))) return true;
  }
  return false;
}

/**
 * Whether `value` holds one of `pieces`: a string or number in it that is one (the PUK in a second
 * look-up's whole answer), or has one as a word or number of its own (« Votre PUK : 12345678 »).
 * A piece inside a longer word or number is chance, not a copy: a balance of 1500 in the callback
 * number `+22997150012`, a PIN 1234 in `+22901123456`.
 */
function holdsPiece(value: JsonValue | undefined, pieces: ReadonlySet<string>): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return false;
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    if (pieces.has(text)) return true;
    for (const piece of pieces) if (hasWord(text, piece)) return true;
    return false;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (holdsPiece(item, pieces)) return true;
  return false;
}

/**
 * Whether `value` is, or holds, a value one of the sessions holds in a sensitive variable:
 * the PUK itself, or a sentence or object with the PUK in it.
 */
export function holdsSensitiveValue(value: JsonValue, flow: Flow, sessions: Session[]): boolean {
  const names = sensitiveNamesOf(flow);
  if (names.size === 0) return false;
  const pieces = new Set(sensitiveValuesNamed(names, sessions, sensitivityOf(flow).clearParts));
  return pieces.size > 0 && holdsPiece(value, pieces);
}

/**
 * The names of `vars` whose value is, or holds, one of `sensitive`'s values (each string and
 * number in them, 4 characters or more, as `holdsPiece` finds them): copies of a sensitive value
 * lint could not see (a second look-up of the same answer kept whole in a plain variable). The
 * parts of a whole answer the flow keeps in clear (`clearParts`, read in `vars`) are no such copy.
 */
export function holdersOf(vars: Readonly<Record<string, JsonValue>>, sensitive: Readonly<Record<string, JsonValue>>, clearParts: ClearParts = NO_PARTS): string[] {
  const pieces = new Set<string>();
  const readVar = (name: string) => ownValue(vars, name) as JsonValue | undefined;
  for (const [name, value] of Object.entries(sensitive)) piecesBut(value, clearParts.get(name), readVar, pieces);
  if (pieces.size === 0) return [];
  return Object.entries(vars)
    .filter(([, value]) => holdsPiece(value, pieces))
    .map(([name]) => name);
}
