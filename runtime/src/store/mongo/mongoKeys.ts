/**
 * Field names MongoDB cannot take in every write: a leading `$` (refused inside `$set`, `$push`
 * and other update operators, even on 5.0+) and `.` (read as a path). Flow documents (test
 * fixtures, request headers), variables fetched from an operator's system, binding settings and
 * handoff context are user JSON that may hold such names, so the adapter stores those parts with
 * their names encoded and decodes them on the way out. `%` is encoded too, so decoding is exact;
 * names without `%`, `.` or a leading `$` (nearly all) are stored as they are, and a value with
 * none of them is returned as the same object.
 */
const NEEDS_ENCODING = /^\$|[.%]/;
const ENCODED = /%(25|2E|24)/g;
const DECODED: Record<string, string> = { '%25': '%', '%2E': '.', '%24': '$' };

export function encodeKey(key: string): string {
  if (!NEEDS_ENCODING.test(key)) return key;
  const escaped = key.replace(/%/g, '%25').replace(/\./g, '%2E');
  return escaped.startsWith('$') ? `%24${escaped.slice(1)}` : escaped;
}

export function decodeKey(key: string): string {
  return key.includes('%') ? key.replace(ENCODED, (m) => DECODED[m]!) : key;
}

function mapKeys<T>(value: T, rename: (key: string) => string): T {
  if (Array.isArray(value)) {
    let changed: unknown[] | undefined;
    value.forEach((item, i) => {
      const mapped = mapKeys(item, rename);
      if (mapped !== item) (changed ??= [...value])[i] = mapped;
    });
    return (changed ?? value) as T;
  }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const name = rename(key);
    const mapped = mapKeys(item, rename);
    if (name !== key || mapped !== item) changed = true;
    return [name, mapped] as const;
  });
  return (changed ? Object.fromEntries(entries) : value) as T;
}

/** The JSON value with every field name MongoDB could refuse encoded. */
export const encodeKeys = <T>(value: T): T => mapKeys(value, encodeKey);
/** The JSON value `encodeKeys` stored, as it was given. */
export const decodeKeys = <T>(value: T): T => mapKeys(value, decodeKey);
