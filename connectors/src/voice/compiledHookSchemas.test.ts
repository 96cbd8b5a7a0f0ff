import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CallState, compiledCallState } from './callState.ts';
import { CallHookPayload, CallHookRead, GatherPayload, GatherRead, StatusPayload, StatusRead } from './inbound.ts';
import { compiledCallDefaults, compiledCallHook, compiledGather, compiledStatus } from './voiceCallHandler.ts';
import { callHookPayload, gatherDigits, gatherSpeech, gatherTimeout, statusPayload, subsequentPayload } from './testing/jambonzPayloads.ts';

const call = { callSid: 'ac5c697a-bfae-4335-ad8a-000000000042', from: '+2290197000001', to: '1919' };

const state = {
  v: 1,
  session: `voice:${call.callSid}`,
  binding: 'b-1919',
  flow: '1919-selfcare',
  flowVersion: 3,
  locale: 'fr',
  node: 'menu',
  defaults: { tts: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' }, asr: { vendor: 'google', language: 'fr-FR' } },
  speak: { locale: 'fr', synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' } },
};
const customerData = { griot: state, crm: { ticket: 12 } };
const queued = {
  ...state,
  queue: { name: 'support-fr', priority: 5, maxWaitSeconds: 300, offered: false, waitedSeconds: 12.5, offerPlay: { url: ['https://media.example/offer.mp3'] } },
  handoff: { reason: 'agent', callerNumber: '+2290197000001', variables: { plan: 'prepaid' } },
};

/** Values that sit on either side of each bound and type the schemas check. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  0,
  1,
  -1,
  1.5,
  2 ** 60,
  true,
  '',
  'x',
  'x'.repeat(31),
  'x'.repeat(61),
  'x'.repeat(65),
  'x'.repeat(101),
  'x'.repeat(121),
  'x'.repeat(201),
  'x'.repeat(257),
  'x'.repeat(513),
  // Astral characters: two UTF-16 units but one code point each, as zod and JSON Schema count them.
  '😀'.repeat(16),
  '😀'.repeat(31),
  '😀'.repeat(33),
  [],
  ['x'],
  {},
  { vendor: 'google' },
  { vendor: '' },
  'inbound',
  'outbound',
  'completed',
  'in-progress',
  'dtmfDetected',
  'speechDetected',
  'timeout',
  { language_code: 'fr-FR', alternatives: [] },
  { name: 'support-fr' },
];

/** The value, each of its fields (at any depth) deleted or replaced, and an unknown key added to each object. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [value, ...REPLACEMENTS];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  const object = value as Record<string, unknown>;
  out.push({ ...object, added: 'x' }, { ...object, queue: { name: 'support-fr' } }, { ...object, speech: { alternatives: [{ transcript: 'oui' }] } });
  for (const key of Object.keys(object)) {
    const { [key]: _gone, ...without } = object;
    out.push(without);
    for (const replaced of mutations(object[key])) out.push({ ...object, [key]: replaced });
  }
  return out;
}

const cases: Array<{ name: string; schema: z.ZodType; compiled: z.ZodType; seeds: unknown[] }> = [
  { name: 'call hook', schema: CallHookRead, compiled: compiledCallHook, seeds: [callHookPayload(call)] },
  {
    name: 'gather',
    schema: GatherRead,
    compiled: compiledGather,
    seeds: [subsequentPayload(call, customerData, gatherDigits('1')), subsequentPayload(call, customerData, gatherTimeout()), subsequentPayload(call, customerData, gatherSpeech('solde'))],
  },
  { name: 'status', schema: StatusRead, compiled: compiledStatus, seeds: [statusPayload(call, customerData, 'completed')] },
  { name: 'call state', schema: CallState, compiled: compiledCallState, seeds: [state, queued, { v: 1, session: 'voice:x', locale: 'fr', defaults: {} }] },
  { name: 'call defaults', schema: CallState.shape.defaults, compiled: compiledCallDefaults, seeds: [state.defaults, {}] },
];

describe('the hook schemas every call is read with, compiled by zod', () => {
  for (const { name, schema, compiled, seeds } of cases) {
    it(`${name}: zod's compiler takes the whole schema (none of it left to the generic parser)`, () => {
      // `z.compile` quietly keeps the generic parser for what it cannot generate: strict says so.
      expect(() => z.compile(schema, { strict: true })).not.toThrow();
    });

    it(`${name}: answers as the generic parser does for the payload and every mutation of it`, () => {
      let refused = 0;
      for (const seed of seeds) {
        expect(compiled.safeParse(seed).success).toBe(true);
        for (const value of mutations(seed)) {
          const expected = schema.safeParse(value);
          const got = compiled.safeParse(value);
          if (!expected.success) refused += 1;
          // Same verdict and the same first problem (what the log line says); accepted values come out alike.
          expect({ value, success: got.success }).toEqual({ value, success: expected.success });
          if (expected.success && got.success) expect(got.data).toStrictEqual(expected.data);
          if (!expected.success && !got.success) expect(got.error.issues[0]?.path).toEqual(expected.error.issues[0]?.path);
        }
      }
      expect(refused).toBeGreaterThan(10);
    });
  }

  const full = [
    { name: 'call hook', schema: CallHookPayload, read: CallHookRead, seeds: cases[0]!.seeds },
    { name: 'gather', schema: GatherPayload, read: GatherRead, seeds: cases[1]!.seeds },
    { name: 'status', schema: StatusPayload, read: StatusRead, seeds: cases[2]!.seeds },
  ];
  for (const { name, schema, read, seeds } of full) {
    it(`${name}: read with the fields Griot uses, refused as the full payload is whenever one of them is malformed`, () => {
      const readKeys = Object.keys(read.shape);
      for (const seed of seeds) {
        for (const value of mutations(seed)) {
          const whole = schema.safeParse(value);
          const got = read.safeParse(value);
          // Whatever the full payload accepts is read, the same in every field read, and nothing else is copied.
          if (whole.success) {
            expect(got.success).toBe(true);
            if (got.success) {
              const wholeRead = Object.fromEntries(Object.entries(whole.data).filter(([key]) => readKeys.includes(key)));
              expect(got.data).toStrictEqual(wholeRead);
            }
          }
          // A refusal is the full payload's, with the same first problem (the 400's message).
          if (!got.success) expect({ value, issue: got.error.issues[0] }).toEqual({ value, issue: whole.success ? undefined : whole.error.issues[0] });
        }
      }
    });
  }

  it('a default is filled in and an unknown key of the call state is dropped, as the generic parser does', () => {
    const noAlternatives = subsequentPayload(call, customerData, { reason: 'speechDetected', speech: { language_code: 'fr-FR' } });
    const filled = compiledGather.safeParse(noAlternatives);
    expect(filled.success && filled.data.speech?.alternatives).toEqual([]);
    const stripped = compiledCallState.safeParse({ ...state, extra: 1 });
    expect(stripped.success && 'extra' in stripped.data).toBe(false);
  });
});
