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

/** Reads `$.data.items[0].amount` from a parsed JSON body; undefined when any step is missing. */
export function readJsonPath(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const step of stepsOf(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}
