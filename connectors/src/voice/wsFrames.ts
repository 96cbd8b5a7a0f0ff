import { z } from 'zod';
import type { Verb } from './verbs.ts';

/** A frame from jambonz over the WebSocket API. */
export const JambonzFrame = z.looseObject({
  type: z.string().min(1).max(100),
  msgid: z.string().min(1).max(200).optional(),
  call_sid: z.string().min(1).max(200).optional(),
  hook: z.string().max(2000).optional(),
  data: z.unknown().optional(),
});
export type JambonzFrame = z.infer<typeof JambonzFrame>;

/**
 * Frames jambonz sends without waiting for an answer; every other frame wants an `ack` with its
 * msgid within 5 s (a `session:new` left unanswered hangs the call up).
 */
export const NO_ACK_TYPES = new Set(['call:status', 'verb:status', 'jambonz:error', 'llm:event', 'llm:tool-call', 'tts:streaming-event', 'tts:tokens-result']);

/** jambonz refuses frames from the application above 24 KiB. */
export const MAX_APP_FRAME_BYTES = 24 * 1024;

export function ackFrame(msgid: string, verbs: readonly Verb[]): string {
  return JSON.stringify({ type: 'ack', msgid, data: verbs });
}

/**
 * Verbs sent outside an ack: `redirect` replaces the call's verbs, or with `queueCommand` runs
 * them after the current ones (a filler finishes its sentence before the answer plays).
 */
export function redirectCommand(msgid: string, callSid: string, verbs: readonly Verb[], queueCommand: boolean): string {
  return JSON.stringify({ type: 'command', command: 'redirect', msgid, call_sid: callSid, queueCommand, data: verbs });
}

/**
 * Keeps a frame under jambonz's size limit: speech hints are the only bulky optional part, so
 * they go first. Returns undefined when even that is not enough.
 */
export function fitFrame(build: (verbs: readonly Verb[]) => string, verbs: readonly Verb[]): string | undefined {
  const frame = build(verbs);
  if (Buffer.byteLength(frame) <= MAX_APP_FRAME_BYTES) return frame;
  const slim = verbs.map((v) => (v.verb === 'gather' && v.recognizer?.hints ? { ...v, recognizer: { ...v.recognizer, hints: undefined } } : v)) as Verb[];
  const smaller = build(slim);
  return Buffer.byteLength(smaller) <= MAX_APP_FRAME_BYTES ? smaller : undefined;
}
