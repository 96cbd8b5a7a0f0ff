/** Reads a dotted path (`options.0.label.fr`) inside a plain JSON value. */
export function getAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Returns a copy of `value` with the dotted path set, copying only the objects and arrays on the
 * way (so React and the history see new references there and the same ones elsewhere).
 * Setting `undefined` removes an object key.
 */
export function setAt<T>(value: T, path: string, next: unknown): T {
  if (path === '') return next as T;
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const inner = rest.join('.');
  if (Array.isArray(value)) {
    const copy = value.slice();
    const index = Number(head);
    copy[index] = setAt(copy[index], inner, next);
    return copy as T;
  }
  const source = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const child = rest.length === 0 ? next : setAt(source[head], inner, next);
  const copy: Record<string, unknown> = { ...source };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy as T;
}
