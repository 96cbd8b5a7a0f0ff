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

/**
 * The fields of a sample answer, leaves first to last as the JSON reads (`$.data.balance`,
 * `$.data.bundles[0].name`…): what an editor picks instead of writing a path by heart.
 * A list or an object offered whole too when it is empty (nothing under it to pick).
 */
export function sampleFields(sample: unknown): SampleField[] {
  const fields: SampleField[] = [];
  const walk = (value: unknown, path: string, key: string) => {
    if (fields.length >= MOST) return;
    if (Array.isArray(value)) {
      if (value.length === 0 && path !== '$') fields.push({ path, shown: '[]', variable: variableFor(key) });
      value.slice(0, ITEMS).forEach((item, i) => walk(item, `${path}[${i}]`, key));
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).filter(([k]) => NAMEABLE.test(k) && k !== '__proto__');
      if (entries.length === 0 && path !== '$') fields.push({ path, shown: '{}', variable: variableFor(key) });
      for (const [k, v] of entries) walk(v, `${path}.${k}`, k);
      return;
    }
    if (path === '$') return;
    const shown = JSON.stringify(value);
    fields.push({ path, shown: shown.length > 40 ? `${shown.slice(0, 39)}…` : shown, variable: variableFor(key) });
  };
  walk(sample, '$', '');
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
export function withPicked(mappings: ReadonlyArray<{ variable: string; path: string }>, field: SampleField): Array<{ variable: string; path: string }> {
  if (mappings.some((m) => m.path === field.path)) return [...mappings];
  const taken = new Set(mappings.map((m) => m.variable));
  let variable = field.variable;
  for (let n = 2; taken.has(variable); n++) variable = `${field.variable}${n}`;
  const open = mappings.findIndex((m) => m.path === '');
  if (open >= 0) return mappings.map((m, j) => (j === open ? { variable: m.variable || variable, path: field.path } : m));
  return [...mappings, { variable, path: field.path }];
}

/** The sample parsed, or the parser's complaint for the editor. */
export function parseSample(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
