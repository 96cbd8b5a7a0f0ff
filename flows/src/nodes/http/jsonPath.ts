const parsedPaths = new Map<string, string[]>();

function stepsOf(path: string): string[] {
  let steps = parsedPaths.get(path);
  if (!steps) {
    steps = path
      .slice(1)
      .split(/\.|\[(\d+)\]/)
      .filter((s) => s !== undefined && s !== '');
    if (parsedPaths.size > 10000) parsedPaths.clear();
    parsedPaths.set(path, steps);
  }
  return steps;
}

/**
 * Reads `$.data.items[0].amount` from a parsed JSON body; undefined when any step is missing.
 * Only the answer's own keys are read: `$.constructor` or `$.__proto__` name nothing in JSON, and
 * must not reach JavaScript's (`ownValue`).
 */
export function readJsonPath(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const step of stepsOf(path)) {
    value = ownValue(value, step);
    if (value === undefined) return undefined;
  }
  return value;
}

/**
 * `value[key]` when `value` is an object or a list that has `key` of its own: a key a flow names
 * (a path, a variable) never reads what every object inherits (`constructor`, `toString`,
 * `__proto__`), which JSON never holds.
 */
export function ownValue(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}
