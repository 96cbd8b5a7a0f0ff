/**
 * `base` (« Selfcare (copie) »), or when a flow already bears it (in any case, spaces around
 * ignored, as the server compares), « Selfcare (copie 2) », « Selfcare (copie 3) »…: the first free.
 */
export function freeCopyName(base: string, taken: readonly string[]): string {
  const held = new Set(taken.map((name) => name.trim().toLowerCase()));
  const free = (name: string) => !held.has(name.trim().toLowerCase());
  if (free(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = base.endsWith(')') ? `${base.slice(0, -1)} ${n})` : `${base} ${n}`;
    if (free(candidate)) return candidate;
  }
}

/** A flow's name is at most 200 characters (the server refuses longer). */
const MAX_FLOW_NAME = 200;

/**
 * The copy's default name, `format(name)` (« %{name} (copie) »), the source name cut so that it
 * and a number freeCopyName may add (« (copie 12) ») fit in 200 characters: a flow named with 200
 * characters is offered a name the server takes, not one it refuses.
 */
export function copyNameFor(name: string, format: (name: string) => string): string {
  const room = MAX_FLOW_NAME - format('').length - 4;
  return format(name.length > room ? name.slice(0, room).trimEnd() : name);
}
