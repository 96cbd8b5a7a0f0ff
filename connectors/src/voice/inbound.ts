import { z } from 'zod';

/**
 * What jambonz sends, parsed with zod. Keys are snake_case, except `customerData` (whatever the
 * `tag` verb set). Objects are loose: jambonz adds fields over versions, and a new field must not
 * turn a live call into a 400. Shapes follow recorded payloads and jambonz's callback schemas.
 */

const CustomerData = z.record(z.string(), z.unknown());

const CallStatus = z.enum(['trying', 'ringing', 'early-media', 'in-progress', 'completed', 'failed', 'busy', 'no-answer', 'queued']);

/** Fields of every hook about a call (the sparse queue wait hook has only `call_sid` of them). */
const CallInfo = z.looseObject({
  call_sid: z.string().min(1).max(200),
  direction: z.enum(['inbound', 'outbound']).optional(),
  from: z.string().max(256).optional(),
  to: z.string().max(256).optional(),
  call_id: z.string().max(512).optional(),
  call_status: CallStatus.optional(),
  sip_status: z.number().int().optional(),
  customerData: CustomerData.optional(),
});
export type CallInfo = z.infer<typeof CallInfo>;

const SpeechDefault = z.looseObject({
  vendor: z.string().min(1).max(60),
  label: z.string().max(60).optional(),
  language: z.string().max(30).optional(),
  // Some vendors take an object voice; Griot only reuses a named one.
  voice: z.unknown().optional(),
});

/** The call hook (`session:new` over the WebSocket): the only request with `defaults` and `sip`. */
export const CallHookPayload = CallInfo.extend({
  from: z.string().min(1).max(256),
  to: z.string().min(1).max(256),
  caller_name: z.string().max(256).optional(),
  defaults: z.looseObject({ synthesizer: SpeechDefault.optional(), recognizer: SpeechDefault.optional() }).optional(),
  sip: z.looseObject({ headers: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type CallHookPayload = z.infer<typeof CallHookPayload>;

export const GatherPayload = CallInfo.extend({
  reason: z.enum(['dtmfDetected', 'speechDetected', 'timeout', 'error', 'stt-low-confidence']),
  digits: z.string().max(64).optional(),
  speech: z
    .looseObject({
      language_code: z.string().max(30).optional(),
      alternatives: z
        .array(z.looseObject({ transcript: z.string().max(4096).optional(), confidence: z.number().optional() }))
        .max(20)
        .default([]),
    })
    .optional(),
  details: z.unknown().optional(),
});
export type GatherPayload = z.infer<typeof GatherPayload>;

/** The enqueue waitHook: queue figures, `call_sid` and `customerData`, not the base call fields. */
export const QueueWaitPayload = z.looseObject({
  call_sid: z.string().min(1).max(200),
  queue_sid: z.string().max(400).optional(),
  queue_time: z.number().min(0).default(0),
  queue_size: z.number().int().min(0).optional(),
  queue_position: z.number().int().min(0).optional(),
  customerData: CustomerData.optional(),
});
export type QueueWaitPayload = z.infer<typeof QueueWaitPayload>;

export const QueueActionPayload = CallInfo.extend({
  queue_result: z.enum(['bridged', 'hangup', 'leave', 'error']),
  queue_time: z.number().min(0).optional(),
});
export type QueueActionPayload = z.infer<typeof QueueActionPayload>;

export const DialActionPayload = CallInfo.extend({
  dial_call_status: z.enum(['completed', 'failed', 'busy', 'no-answer', 'trying', 'ringing', 'early-media', 'in-progress']).optional(),
  dial_sip_status: z.number().int().optional(),
  dial_call_sid: z.string().max(200).optional(),
});
export type DialActionPayload = z.infer<typeof DialActionPayload>;

export const StatusPayload = CallInfo.extend({ call_status: CallStatus });
export type StatusPayload = z.infer<typeof StatusPayload>;

/** Any other action hook (the slow look-up continuation): the call fields are enough. */
export const ContinuePayload = CallInfo;

/*
 * The call, gather and status hooks as every call's turns read them (`voiceCallHandler`): the
 * fields Griot reads, checked exactly as above, so a malformed one gets the same 400; the rest is
 * neither checked nor copied (zod's default strip instead of a loose object's copy of every key).
 * Above all the call hook's `sip` (its 13 headers and the SDP), which Griot never reads: copying
 * it was most of the call hook's parse (issue 17, one call at a time). An odd unread field is
 * ignored, as an unknown one always was. `compiledHookSchemas.test.ts` holds them to the full payloads.
 */
const UNREAD = { call_id: true, sip_status: true } as const;
export const CallHookRead = z.object(CallHookPayload.shape).omit({ ...UNREAD, caller_name: true, sip: true });
export type CallHookRead = z.infer<typeof CallHookRead>;
export const GatherRead = z.object(GatherPayload.shape).omit({ ...UNREAD, details: true });
export type GatherRead = z.infer<typeof GatherRead>;
export const StatusRead = z.object(StatusPayload.shape).omit(UNREAD);
export type StatusRead = z.infer<typeof StatusRead>;
