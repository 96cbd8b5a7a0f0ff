import { ownValue, type Flow, type JsonValue, type Session } from '@griot/flows';
import { sensitiveNamesOf } from './sensitiveNames.ts';

/** Shorter values (a 0 balance, a 1-digit choice) would match by chance: they are not looked for. */
const SHORTEST = 4;

/** Each string and number a sensitive value holds (a transaction list: its amounts, names, ids), as text. */
function piecesOf(value: JsonValue | undefined, out: Set<string>): void {
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
  return sensitiveValuesNamed(sensitiveNamesOf(flow), sessions);
}

/** As `sensitiveValuesOf`, with the flow's sensitive variables already known (`sensitiveNamesOf`). */
export function sensitiveValuesNamed(names: ReadonlySet<string>, sessions: Session[]): string[] {
  const pieces = new Set<string>();
  for (const session of sessions) for (const name of names) piecesOf(ownValue(session.vars, name) as JsonValue | undefined, pieces);
  return [...pieces];
}

/**
 * Whether `value` is, or contains, a value one of the sessions holds in a sensitive variable:
 * the PUK itself, or a sentence or object with the PUK in it.
 */
export function holdsSensitiveValue(value: JsonValue, flow: Flow, sessions: Session[]): boolean {
  const names = sensitiveNamesOf(flow);
  if (names.size === 0) return false;
  const pieces = new Set<string>();
  for (const session of sessions) for (const name of names) piecesOf(ownValue(session.vars, name) as JsonValue | undefined, pieces);
  if (pieces.size === 0) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const piece of pieces) if (text.includes(piece)) return true;
  return false;
}

/**
 * The names of `vars` whose value is, or contains, one of `sensitive`'s values (each string and
 * number in them, 4 characters or more): copies of a sensitive value lint could not see (a second
 * look-up of the same answer kept whole in a plain variable).
 */
export function holdersOf(vars: Readonly<Record<string, JsonValue>>, sensitive: Readonly<Record<string, JsonValue>>): string[] {
  const pieces = new Set<string>();
  for (const value of Object.values(sensitive)) piecesOf(value, pieces);
  if (pieces.size === 0) return [];
  const holders: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (value === null || typeof value === 'boolean') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    for (const piece of pieces) {
      if (text.includes(piece)) {
        holders.push(name);
        break;
      }
    }
  }
  return holders;
}
