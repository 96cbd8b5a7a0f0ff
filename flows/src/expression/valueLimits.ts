/**
 * How big a flow's values may grow, and how much text one step may produce. Without them a draft
 * doubling a string seventeen times (`s = s + s`) built a 262 MB prompt in one preview, blocked
 * the server's event loop for a minute and stored it twice. Lengths are counted in UTF-16 code
 * units (`string.length`, what is cheap to read); objects as the JSON they are stored as.
 */

/** The largest value a flow may build or keep in a variable: 64 Ki characters (a string, or an object as JSON). */
export const MAX_VALUE_CHARS = 65_536;

/** The characters one step may produce (strings joined, templates rendered, values stored): 1 Mi. */
export const MAX_STEP_CHARS = 1_048_576;

export type FlowLimitCode = 'value.tooLarge' | 'step.tooMuchOutput';

/** A limit reached: the interpreter ends the contact on its error path with this code. */
export class FlowLimitError extends Error {
  constructor(
    readonly code: FlowLimitCode,
    message: string,
  ) {
    super(message);
    this.name = 'FlowLimitError';
  }
}

export function valueTooLarge(what: string, chars: number): FlowLimitError {
  return new FlowLimitError('value.tooLarge', `${what} would be ${chars.toLocaleString('en')} characters long; a value may have at most ${MAX_VALUE_CHARS.toLocaleString('en')}`);
}

/** Joins two strings for `+`, refusing before allocating a result longer than a value may be. */
export function joinWithinLimit(a: string, b: string): string {
  const chars = a.length + b.length;
  if (chars > MAX_VALUE_CHARS) throw valueTooLarge('the joined text', chars);
  return a + b;
}

/**
 * The size of a value as JSON, counted without writing it, up to `limit`: `undefined` past it.
 * A structure repeating one array (`a = [a, a]`) counts each repeat, as JSON would write it, and
 * the walk stops as soon as the count passes the limit.
 */
export function jsonSizeWithin(value: unknown, limit: number): number | undefined {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += 5;
    else if (Array.isArray(v)) {
      size += 1 + v.length;
      for (const item of v) pending.push(item);
    } else {
      size += 2;
      for (const key in v) {
        size += key.length + 4;
        pending.push((v as Record<string, unknown>)[key]);
      }
    }
    if (size > limit) return undefined;
  }
  return size;
}

/**
 * How deep a value's lists and objects may nest: as deep as a JSON body the API or a look-up
 * answer may be. A flow wrapping a value in a list at every turn (`x = [x]`) built one a few
 * thousand levels deep, which overflowed the stack of whatever wrote it as JSON (a prompt, the
 * session's save): the turn failed with no issue to say why.
 */
export const MAX_VALUE_DEPTH = 64;

/** Whether `value` nests lists or objects more than `max` levels deep; walked without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: unknown[] = [value];
  const depths: number[] = [0];
  while (pending.length > 0) {
    const v = pending.pop();
    const depth = depths.pop() as number;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const item of Array.isArray(v) ? v : Object.values(v)) {
      if (item !== null && typeof item === 'object') {
        pending.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** The size of a value a flow stores in `name`, or a `FlowLimitError` when it is larger (or deeper) than a value may be. */
export function storedValueSize(name: string, value: unknown): number {
  if (typeof value === 'string') {
    if (value.length > MAX_VALUE_CHARS) throw valueTooLarge(`the value of ${name}`, value.length);
    return value.length;
  }
  if (value === null || typeof value !== 'object') return 8;
  const size = jsonSizeWithin(value, MAX_VALUE_CHARS);
  if (size === undefined) throw new FlowLimitError('value.tooLarge', `the value of ${name} is larger than ${MAX_VALUE_CHARS.toLocaleString('en')} characters as JSON`);
  if (nestsDeeperThan(value, MAX_VALUE_DEPTH)) throw new FlowLimitError('value.tooLarge', `the value of ${name} nests deeper than ${MAX_VALUE_DEPTH} levels`);
  return size;
}
