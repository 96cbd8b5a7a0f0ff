/** Reads `$.data.items[0].amount` from a parsed JSON body; undefined when any step is missing. */
export function readJsonPath(body: unknown, path: string): unknown {
  const steps = path
    .slice(1)
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  let value: unknown = body;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}
