/** A field of a sample answer an editor may store in a variable: its JSON path and what it holds there. */
export interface SampleField {
  path: string;
  /** The value as the sample shows it, cut short: `1250`, `"XOF"`, `true`. */
  shown: string;
  /** A variable name made from the field's own key: `balance` for `$.data.balance`. */
  variable: string;
}

/** Keys a look-up's path can name (flows' `JsonPath`): others cannot be stored, so they are not offered. */
const NAMEABLE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Items of a list offered: the first ones show the shape; a path to the 40th is written by hand. */
const ITEMS = 3;
const MOST = 200;
/** Levels followed down: deeper fields are not offered (a hostile paste thousands of levels deep would overflow the stack). */
const DEEPEST = 32;

/**
 * The fields of a sample answer, leaves first to last as the JSON reads (`$.data.balance`,
 * `$.data.bundles[0].name`…): what an editor picks instead of writing a path by heart.
 * A list or an object offered whole too when it is empty (nothing under it to pick).
 */
export function sampleFields(sample: unknown): SampleField[] {
  const fields: SampleField[] = [];
  const walk = (value: unknown, path: string, key: string, depth: number) => {
    if (fields.length >= MOST || depth > DEEPEST) return;
    if (Array.isArray(value)) {
      if (value.length === 0 && path !== '$') fields.push({ path, shown: '[]', variable: variableFor(key) });
      value.slice(0, ITEMS).forEach((item, i) => walk(item, `${path}[${i}]`, key, depth + 1));
      return;
    }
    if (value !== null && typeof value === 'object') {
      // Key by key, stopping at the most offered: an object of 200,000 keys is not listed whole at each render.
      let named = false;
      for (const k in value) {
        if (fields.length >= MOST) return;
        if (!Object.hasOwn(value, k) || !NAMEABLE.test(k) || k === '__proto__') continue;
        named = true;
        walk((value as Record<string, unknown>)[k], `${path}.${k}`, k, depth + 1);
      }
      if (!named && path !== '$') fields.push({ path, shown: '{}', variable: variableFor(key) });
      return;
    }
    if (path === '$') return;
    const shown = JSON.stringify(value);
    fields.push({ path, shown: shown.length > 40 ? `${shown.slice(0, 39)}…` : shown, variable: variableFor(key) });
  };
  walk(sample, '$', '', 0);
  return fields;
}

/** `remaining-mb` → `remainingMb`; a name that starts with a digit or is empty → `valeur`. */
export function variableFor(key: string): string {
  const name = key.replace(/-+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_]/g, '');
  return /^[A-Za-z_]/.test(name) ? name.slice(0, 64) : 'valeur';
}

/**
 * A field picked in a sample answer: it fills the first row still without a path (the editor may
 * have named the variable already), else a new row named after the field (`balance`, or
 * `balance2` when taken). A path already stored is not stored twice.
 */
export function withPicked<T extends { id?: string | undefined; variable: string; path: string }>(mappings: ReadonlyArray<T>, field: SampleField, id?: string): T[] {
  if (mappings.some((m) => m.path === field.path)) return [...mappings];
  const taken = new Set(mappings.map((m) => m.variable));
  let variable = field.variable;
  for (let n = 2; taken.has(variable); n++) variable = `${field.variable}${n}`;
  const open = mappings.findIndex((m) => m.path === '');
  if (open >= 0) return mappings.map((m, j) => (j === open ? { ...m, variable: m.variable || variable, path: field.path } : m));
  // `id`: the new row's (`newRowId`), what a merge knows it by.
  return [...mappings, { ...(id !== undefined ? { id } : {}), variable, path: field.path } as T];
}

/** The sample parsed, or the parser's complaint for the editor. */
export function parseSample(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Samples pasted in this tab, per flow and look-up node (`<flow>\0<node>`): kept in memory while the
 * editor goes to another node and back, never in storage, the draft or the server. A sample may
 * hold a subscriber's data: it goes when the user signs out or their session ends (deviceTraces.ts).
 */
const pasted = new Map<string, string>();
export const pastedSamples = {
  get: (key: string): string | undefined => pasted.get(key),
  has: (key: string): boolean => pasted.has(key),
  set: (key: string, text: string): void => void pasted.set(key, text),
  forget: (): void => pasted.clear(),
};
