import type { Flow } from '../schema/flow.ts';
import type { HttpFixture } from '../schema/testCase.ts';
import type { FlowEvent } from '../interpreter/types.ts';
import { readJsonPath } from '../nodes/http/jsonPath.ts';
import { sensitivityOf } from '../sensitivity/sensitiveCopies.ts';
import { jsonSizeWithin, MAX_VALUE_CHARS } from '../expression/valueLimits.ts';

type WebhookAnswer = Extract<FlowEvent, { type: 'webhook' }>;

export interface RecordedFixture {
  /** The answer as a test case replays it. */
  fixture: HttpFixture;
  /** Sensitive variables whose values were replaced by made-up ones of the same shape. */
  synthetic: string[];
}

/** Digits used for made-up values, in an order unlike any real code (no run, no repeat). */
const DIGITS = '4719283650';
const LOWER = 'qxzvkwjhyf';
const UPPER = LOWER.toUpperCase();

/**
 * A made-up value shaped like `value`: as many digits, letters and signs in the same places,
 * numbers with the same sign and number of digits, objects and lists walked through. Made from a
 * fixed pattern, never from the value itself, so nothing of the real value can be read back; a
 * pattern that happens to equal the value is shifted.
 */
export function syntheticLike(value: unknown, shift = 0): unknown {
  if (typeof value === 'string') {
    let i = shift;
    const made = value.replace(/[0-9A-Za-z]/g, (c) => {
      const k = i++;
      if (c >= '0' && c <= '9') return DIGITS[k % 10] as string;
      return (c === c.toLowerCase() ? LOWER : UPPER)[k % 10] as string;
    });
    return made === value && /[0-9A-Za-z]/.test(value) && shift < 10 ? syntheticLike(value, shift + 1) : made;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const [whole = '0', fraction] = Math.abs(value).toString().split('.');
    const digits = (s: string, from: number) => [...s].map((_, k) => DIGITS[(from + k) % 10]).join('');
    const madeWhole = whole === '0' ? '0' : digits(whole, shift);
    const made = Number(fraction ? `${madeWhole}.${digits(fraction, shift + whole.length)}` : madeWhole) * Math.sign(value);
    return made === value && value !== 0 && shift < 10 ? syntheticLike(value, shift + 1) : made;
  }
  if (Array.isArray(value)) return value.map((v, k) => syntheticLike(v, shift + k));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v], n) => [k, syntheticLike(v, shift + n)]));
  }
  // Booleans and null carry no more than their place in the answer.
  return value;
}

function stepsOf(path: string): Array<string | number> {
  return [...path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));
}

/** The JSON path of `steps` (`$.items[0]`). */
function pathOf(steps: ReadonlyArray<string | number>): string {
  return `$${steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
}

/** Whether one path lies within the other (or both are the same). */
function overlaps(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return shorter.every((step, i) => longer[i] === step);
}

/** Sets `path` in `root`, making the objects and lists on the way; returns the (possibly new) root. */
function writeJsonPath(root: unknown, path: string, value: unknown): unknown {
  const steps = stepsOf(path);
  if (steps.length === 0) return value;
  const top: Record<string | number, unknown> =
    root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : typeof steps[0] === 'number' ? ([] as unknown as Record<number, unknown>) : {};
  let here = top;
  steps.forEach((step, i) => {
    if (i === steps.length - 1) {
      setOwn(here, step, value);
      return;
    }
    const next = steps[i + 1];
    const existing = Object.hasOwn(here, step) ? here[step] : undefined;
    if (existing === null || typeof existing !== 'object') setOwn(here, step, typeof next === 'number' ? [] : {});
    here = here[step] as Record<string | number, unknown>;
  });
  return top;
}

/**
 * Writes `key` as the object's own property, as JSON.parse would: a path through `__proto__`
 * (which a backend's answer may hold as a key) writes into the fixture, never into the prototype
 * every object of the server shares.
 */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `value` with what lies under a key `secretKey` names replaced by a made-up value of its shape,
 * in place; the paths replaced pushed to `found`.
 */
function madeUpUnderSecretKeys(value: unknown, secretKey: (key: string) => boolean, at: Array<string | number>, found: Array<Array<string | number>>): unknown {
  if (value === null || typeof value !== 'object') return value;
  // One path walked down and back (a copy only where a key is found): a deep answer costs no more.
  const record = value as Record<string | number, unknown>;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(record)) {
    at.push(key);
    if (typeof key === 'string' && secretKey(key) && record[key] !== null && typeof record[key] !== 'boolean') {
      setOwn(record, key, syntheticLike(record[key]));
      found.push([...at]);
    } else {
      setOwn(record, key, madeUpUnderSecretKeys(record[key], secretKey, at, found));
    }
    at.pop();
  }
  return record;
}

/** Whether a flow could not store `value` in a variable (`storedValueSize`): it ends on its error path instead, `value.tooLarge`. */
function tooLargeToStore(value: unknown): boolean {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS;
  return value !== null && typeof value === 'object' && jsonSizeWithin(value, MAX_VALUE_CHARS) === undefined;
}

/**
 * What a fixture holds for a mapped value the flow could not store: as large as it takes to fail
 * the same way on replay (`value.tooLarge`), made of nothing the answer held.
 */
export const TOO_LARGE_STAND_IN = 'x'.repeat(MAX_VALUE_CHARS + 1);

/**
 * What an `http` node's look-up answered, as a test fixture that replays it: the status, and of
 * the body only what the node's response mapping reads (the rest never reaches the flow, and a
 * test case is stored and versioned with it), with the values of sensitive variables replaced
 * by made-up ones of the same shape, so a recorded PUK code never lands in the flow document.
 * With `secretKey`, so is a value under a key it names (`pukCode` inside an object a variable
 * kept in clear maps): the variables that read one are listed in `synthetic` too. A mapped value
 * larger than a variable holds (MAX_VALUE_CHARS; the flow ended on `value.tooLarge`) is written as
 * TOO_LARGE_STAND_IN and listed in `synthetic`, the mappings inside it left out: copying and
 * making up a 1 MB answer held the event loop ~0.5 s per MB for a fixture no preview could take back.
 */
export function recordedFixture(flow: Flow, nodeId: string, answer: WebhookAnswer, secretKey?: (key: string) => boolean): RecordedFixture {
  if (answer.outcome === 'timeout') return { fixture: { timeout: true }, synthetic: [] };
  if (answer.outcome === 'error' || answer.status === undefined) return { fixture: { error: answer.message || 'error' }, synthetic: [] };
  const node = flow.nodes.find((n) => n.id === nodeId);
  const mapping = node?.type === 'http' ? node.responseMapping : [];
  // Declared sensitive, or a copy of such a value (`pukCopy` mapped from the PUK's path too).
  const sensitive = sensitivityOf(flow).names;
  const sensitivePaths = mapping.filter((m) => sensitive.has(m.variable)).map((m) => stepsOf(m.path));
  const synthetic = new Set<string>();
  let body: unknown;
  // The paths whose value the flow could not store, the outermost ones: nothing inside them is copied.
  const tooLarge: Array<Array<string | number>> = [];
  for (const { variable, path } of mapping) {
    const steps = stepsOf(path);
    if (tooLarge.some((outer) => overlaps(outer, steps) && outer.length <= steps.length)) continue;
    if (!tooLargeToStore(readJsonPath(answer.body, path))) continue;
    for (let i = tooLarge.length - 1; i >= 0; i--) if (overlaps(tooLarge[i] ?? [], steps)) tooLarge.splice(i, 1);
    tooLarge.push(steps);
    synthetic.add(variable);
  }
  const kept = mapping.filter(({ path }) => {
    const steps = stepsOf(path);
    return !tooLarge.some((outer) => overlaps(outer, steps));
  });
  // The values as read, then every sensitive one replaced: whatever the mappings' order, a
  // sensitive value is never left inside another mapping's (`$.data` beside `$.data.puk`).
  for (const { variable, path } of kept) {
    const value = readJsonPath(answer.body, path);
    if (value === undefined) continue;
    const steps = stepsOf(path);
    if (sensitive.has(variable) || sensitivePaths.some((other) => overlaps(steps, other))) synthetic.add(variable);
    // A copy: the answer object stays as the runtime got it.
    body = writeJsonPath(body, path, JSON.parse(JSON.stringify(value)) as unknown);
  }
  // Before the sensitive values are made up: those stay as made up as ever.
  if (secretKey && body !== undefined) {
    const found: Array<Array<string | number>> = [];
    body = madeUpUnderSecretKeys(body, secretKey, [], found);
    for (const { variable, path } of kept) if (found.some((at) => overlaps(stepsOf(path), at))) synthetic.add(variable);
  }
  for (const { variable, path } of kept) {
    if (!sensitive.has(variable)) continue;
    const value = readJsonPath(answer.body, path);
    if (value !== undefined) body = writeJsonPath(body, path, syntheticLike(value));
  }
  for (const steps of tooLarge) body = writeJsonPath(body, pathOf(steps), TOO_LARGE_STAND_IN);
  return { fixture: body === undefined ? { status: answer.status } : { status: answer.status, body }, synthetic: [...synthetic] };
}
