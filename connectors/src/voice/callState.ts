import { z } from 'zod';

const SynthesizerSchema = z.object({
  vendor: z.string().min(1).max(60),
  label: z.string().max(60).optional(),
  language: z.string().max(30).optional(),
  voice: z.string().max(120).optional(),
});

const RecognizerSchema = z.object({
  vendor: z.string().min(1).max(60),
  label: z.string().max(60).optional(),
  language: z.string().max(30).optional(),
});

/**
 * What the voice connector must remember between two hooks of one call. It travels with the
 * call itself, in jambonz's `customerData` (set by the `tag` verb, sent back on every hook, even
 * the sparse queue wait hook), so any Griot instance can answer the next hook of any call and
 * nothing lives only in one process's memory.
 */
export const CallState = z.object({
  v: z.literal(1),
  /** The conversation key in the engine: `voice:<call_sid>`. */
  session: z.string().max(200),
  binding: z.string().max(200).optional(),
  flow: z.string().max(200).optional(),
  flowVersion: z.number().int().nullable().optional(),
  /** The locale the call's `config` speaks and listens in now. */
  locale: z.string().max(30),
  /** The node the call waits at (context for agents and logs). */
  node: z.string().max(100).optional(),
  /**
   * The session's turn number once this answer's turn was taken (`Session.turns`): the next
   * gather's action hook must find the session still there, or it is an answer already taken
   * (a replayed webhook) and is refused. Absent on calls started before 2026-12-07 (not checked).
   */
  turn: z.number().int().min(0).optional(),
  /** Account speech defaults from the first request (jambonz sends them only once). */
  defaults: z.object({ tts: SynthesizerSchema.optional(), asr: RecognizerSchema.optional() }).default({}),
  /** How to speak Griot's own words (queue position, apologies) in the caller's language. */
  speak: z.object({ locale: z.string().max(30), synthesizer: SynthesizerSchema.optional() }).optional(),
  /**
   * The queue the caller waits in and how to wait there: the wait hook's payload names neither
   * the called number nor the flow, so what it needs travels here.
   */
  queue: z
    .object({
      name: z.string().max(200),
      /** The enqueue priority (lower is served first); a declined callback moves it up. */
      priority: z.number().int().min(0).max(999).optional(),
      maxWaitSeconds: z.number().int().positive().optional(),
      holdMusicUrl: z.string().max(2000).optional(),
      announceSeconds: z.number().int().positive().max(300).optional(),
      /** Waiting this long gets one callback offer (the queue's setting); none when unset. */
      callbackAfterSeconds: z.number().int().min(0).optional(),
      /** The offer was made (and declined): not again on this call. */
      offered: z.boolean().optional(),
      /** Seconds waited before re-entering the queue (jambonz counts each enqueue from 0). */
      waitedSeconds: z.number().min(0).optional(),
      /** The caller's language has speech recognition: the offer also takes a spoken yes. */
      speech: z.boolean().optional(),
      /** The queue is closed: the offer replaces the wait, and declining leads to `unavailable`. */
      closed: z.boolean().optional(),
      /** The flow's own words for the offer (`callbackOfferPrompt`), spoken or recorded. */
      offerSay: z.object({ text: z.string().max(2000), synthesizer: SynthesizerSchema.optional() }).optional(),
      offerPlay: z.object({ url: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(5)]) }).optional(),
    })
    .optional(),
  /**
   * What the agent who takes the call should know (the flow already left sensitive variables
   * out): readable from customerData by the application that dequeues the caller.
   */
  handoff: z.object({ reason: z.string().max(500), callerNumber: z.string().max(64), variables: z.record(z.string(), z.unknown()) }).optional(),
});
export type CallState = z.infer<typeof CallState>;

/**
 * `CallState` compiled once by zod's own compiler, as the hooks every call sends are
 * (`voiceCallHandler.ts`): every hook of a call carries it.
 */
export const compiledCallState = z.compile(CallState);

/** The key under which Griot keeps its state in `customerData`; other keys are left as they are. */
export const STATE_KEY = 'griot';

/** The conversation a call drives: `voice:<call_sid>`, named by jambonz's call, never by what its customerData says. */
export const sessionKeyOfCall = (callSid: string | undefined): string => `voice:${callSid}`;

/**
 * Reads Griot's state from a hook's `customerData`; undefined when absent, not Griot's, or another
 * call's. jambonz signs customerData with the account's webhook secret, but anything that may tag a
 * call of the account writes it (another application's `tag` verb, the REST API's create-call
 * `tag`): a state naming another call's session would drive, read and end that caller's
 * conversation from this call (sec26). A state is this call's only when its session is
 * `voice:<call_sid>`, as the call hook wrote it.
 */
export function readCallState(customerData: Record<string, unknown> | undefined, callSid: string | undefined): CallState | undefined {
  const parsed = compiledCallState.safeParse(customerData?.[STATE_KEY]);
  return parsed.success && callSid && parsed.data.session === sessionKeyOfCall(callSid) ? parsed.data : undefined;
}

/**
 * The `tag` data for a new state. `tag` replaces customerData wholesale, so whatever else the
 * call carries (set by the REST API or another application) is written back with it.
 */
export function customerDataWith(previous: Record<string, unknown> | undefined, state: CallState): Record<string, unknown> {
  return { ...(previous ?? {}), [STATE_KEY]: state };
}

/**
 * Whether two states serialise alike (`JSON.stringify(a) === JSON.stringify(b)`: the same keys
 * in the same order, undefined ones left out), without serialising either: every action hook
 * asks, to know whether its answer needs a new `tag` (its two `JSON.stringify` calls were 0.4 %
 * of a call's main thread, issue 17). Never "same" where the texts would differ; a value JSON
 * writes as `null` (NaN, an undefined array item) is only ever equal to itself, so at worst the
 * tag is sent again.
 */
export function sameState(a: CallState | undefined, b: CallState): boolean {
  return a !== undefined && sameJson(a, b);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (a[i] === undefined || !sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xKeys = Object.keys(x);
  const yKeys = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < xKeys.length && x[xKeys[i]!] === undefined) i += 1;
    while (j < yKeys.length && y[yKeys[j]!] === undefined) j += 1;
    if (i === xKeys.length || j === yKeys.length) return i === xKeys.length && j === yKeys.length;
    const key = xKeys[i]!;
    if (key !== yKeys[j] || !sameJson(x[key], y[key])) return false;
    i += 1;
    j += 1;
  }
}
