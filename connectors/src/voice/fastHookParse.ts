import type { z } from 'zod';

/*
 * Hand-written twins of the zod schemas of the hooks every call sends (call, gather with digits,
 * status) and of Griot's own call state in `customerData`. In the running server zod's generic
 * code is megamorphic: 20–40 µs per hook at p50 (issue 17, one call at a time), against a few µs
 * in a tight loop. Each twin answers yes only for a value zod accepts and returns unchanged (every
 * field the schema names has the right type and bounds; no default to fill in; for the strict
 * call state, no key zod would strip): anything else — a speech result, a queue, a field out of
 * bounds — goes to zod, which decides and words the refusal. `fastHookParse.test.ts` checks that
 * property against zod on recorded payloads and their mutations.
 */

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (min: number, max: number) => (v: unknown) => typeof v === 'string' && v.length >= min && v.length <= max;
const optional = (check: Check) => (v: unknown) => v === undefined || check(v);
const oneOf = (...values: string[]) => {
  const set = new Set(values);
  return (v: unknown) => typeof v === 'string' && set.has(v);
};
const safeInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);

/** Every key of `shape` checked on `v` (keys not named are let through, as a loose object does). */
const fields = (shape: Record<string, Check>) => {
  const entries = Object.entries(shape);
  return (v: unknown): boolean => {
    if (!isObject(v)) return false;
    for (const [key, check] of entries) if (!check(v[key])) return false;
    return true;
  };
};

/** `fields`, and no key outside `shape` (a strict `z.object` would strip it: its output would differ). */
const only = (shape: Record<string, Check>) => {
  const named = fields(shape);
  return (v: unknown): boolean => {
    if (!named(v)) return false;
    for (const key in v as object) if (!Object.hasOwn(shape, key)) return false;
    return true;
  };
};

const callStatus = oneOf('trying', 'ringing', 'early-media', 'in-progress', 'completed', 'failed', 'busy', 'no-answer', 'queued');
/** `z.record(z.string(), z.unknown())`: a plain object (zod copies it; JSON gives it no symbol keys). */
const record = (v: unknown) => isObject(v) && Object.getPrototypeOf(v) === Object.prototype;

const callInfo = {
  call_sid: str(1, 200),
  direction: optional(oneOf('inbound', 'outbound')),
  from: optional(str(0, 256)),
  to: optional(str(0, 256)),
  call_id: optional(str(0, 512)),
  call_status: optional(callStatus),
  sip_status: optional(safeInt),
  customerData: optional(record),
};

const speechDefault = fields({ vendor: str(1, 60), label: optional(str(0, 60)), language: optional(str(0, 30)) });

/** `CallHookPayload` as zod accepts it unchanged. */
export const plainCallHook: Check = fields({
  ...callInfo,
  from: str(1, 256),
  to: str(1, 256),
  caller_name: optional(str(0, 256)),
  defaults: optional(fields({ synthesizer: optional(speechDefault), recognizer: optional(speechDefault) })),
  sip: optional(fields({ headers: optional(record) })),
});

/** `GatherPayload` without a speech result (keypad and timeouts; speech fills a default, so zod reads it). */
export const plainGather: Check = fields({
  ...callInfo,
  reason: oneOf('dtmfDetected', 'speechDetected', 'timeout', 'error', 'stt-low-confidence'),
  digits: optional(str(0, 64)),
  speech: (v) => v === undefined,
});

/** `StatusPayload`. */
export const plainStatus: Check = fields({ ...callInfo, call_status: callStatus });

const synthesizer = only({ vendor: str(1, 60), label: optional(str(0, 60)), language: optional(str(0, 30)), voice: optional(str(0, 120)) });
const recognizer = only({ vendor: str(1, 60), label: optional(str(0, 60)), language: optional(str(0, 30)) });

/** `CallState.shape.defaults`, present (zod fills in a missing one). */
export const plainCallDefaults: Check = only({ tts: optional(synthesizer), asr: optional(recognizer) });

/** `CallState` of a call neither queued nor handed off (those go to zod), with its defaults. */
export const plainCallState: Check = only({
  v: (v) => v === 1,
  session: str(0, 200),
  binding: optional(str(0, 200)),
  flow: optional(str(0, 200)),
  flowVersion: optional((v) => v === null || safeInt(v)),
  locale: str(0, 30),
  node: optional(str(0, 100)),
  defaults: plainCallDefaults,
  speak: optional(only({ locale: str(0, 30), synthesizer: optional(synthesizer) })),
});

/**
 * `schema.safeParse(value)`, without zod when `plain` says zod would accept `value` unchanged:
 * the same success and data (the value itself, not a copy: nothing changes a parsed payload).
 */
export function fastHookParse<S extends z.ZodType>(schema: S, plain: Check, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  if (plain(value)) return { success: true, data: value as z.output<S> };
  return schema.safeParse(value);
}
