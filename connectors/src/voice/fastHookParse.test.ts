import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CallState } from './callState.ts';
import { fastHookParse, plainCheck } from './fastHookParse.ts';
import { CallHookPayload, GatherPayload, StatusPayload } from './inbound.ts';
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

const cases: Array<{ name: string; schema: z.ZodType; plain: (v: unknown) => boolean; seeds: unknown[] }> = [
  { name: 'call hook', schema: CallHookPayload, plain: plainCheck(CallHookPayload), seeds: [callHookPayload(call)] },
  {
    name: 'gather',
    schema: GatherPayload,
    plain: plainCheck(GatherPayload),
    seeds: [subsequentPayload(call, customerData, gatherDigits('1')), subsequentPayload(call, customerData, gatherTimeout()), subsequentPayload(call, customerData, gatherSpeech('solde'))],
  },
  { name: 'status', schema: StatusPayload, plain: plainCheck(StatusPayload), seeds: [statusPayload(call, customerData, 'completed')] },
  { name: 'call state', schema: CallState, plain: plainCheck(CallState), seeds: [state, queued, { v: 1, session: 'voice:x', locale: 'fr', defaults: {} }] },
  { name: 'call defaults', schema: CallState.shape.defaults, plain: plainCheck(CallState.shape.defaults), seeds: [state.defaults, {}] },
];

describe('fastHookParse: checks compiled from the hook schemas', () => {
  for (const { name, schema, plain, seeds } of cases) {
    it(`${name}: the payloads every call sends take the fast path`, () => {
      for (const seed of seeds) expect(plain(seed)).toBe(true);
    });

    it(`${name}: answers as zod does for the payload and every mutation of it`, () => {
      let fast = 0;
      let refused = 0;
      for (const seed of seeds) {
        for (const value of mutations(seed)) {
          const expected = schema.safeParse(value);
          const got = fastHookParse(schema, plain, value);
          if (plain(value)) fast += 1;
          if (!expected.success) refused += 1;
          // Same verdict; accepted values come out as zod would give them (nothing stripped, nothing filled in).
          expect({ value, success: got.success }).toEqual({ value, success: expected.success });
          if (expected.success && got.success) expect(got.data).toStrictEqual(expected.data);
        }
      }
      // Both sides exercised: values zod refuses, and values the compiled check let through on its own.
      expect(refused).toBeGreaterThan(10);
      expect(fast).toBeGreaterThan(10);
    });
  }

  it('a default zod would fill in and a key zod would strip go to zod', () => {
    const plainGather = plainCheck(GatherPayload);
    const noAlternatives = subsequentPayload(call, customerData, { reason: 'speechDetected', speech: { language_code: 'fr-FR' } });
    expect(plainGather(noAlternatives)).toBe(false);
    const filled = fastHookParse(GatherPayload, plainGather, noAlternatives);
    expect(filled.success && filled.data.speech?.alternatives).toEqual([]);
    const plainCallState = plainCheck(CallState);
    expect(plainCallState({ ...state, extra: 1 })).toBe(false);
    const stripped = fastHookParse(CallState, plainCallState, { ...state, extra: 1 });
    expect(stripped.success && 'extra' in stripped.data).toBe(false);
  });

  it('a schema whose JSON Schema would check less than zod always goes to zod', () => {
    // Each accepts `value` in zod but changes it or checks more than JSON Schema can say.
    const inexact: Array<[z.ZodType, unknown]> = [
      [z.object({ a: z.string().trim() }), { a: 'x' }],
      [z.object({ a: z.string().refine((s) => s !== 'y') }), { a: 'x' }],
      [z.object({ a: z.string().transform((s) => s.length) }), { a: 'x' }],
      [z.object({ a: z.coerce.number() }), { a: 1 }],
      [z.object({ a: z.string().default('x').optional() }), { a: 'x' }],
      [z.object({ a: z.union([z.object({ b: z.string() }), z.looseObject({})]) }), { a: { b: 'x' } }],
      [z.object({ a: z.email() }), { a: 'x@example.com' }],
      [z.record(z.enum(['a', 'b']), z.string()), { a: 'x', b: 'y' }],
    ];
    for (const [schema, value] of inexact) {
      expect(schema.safeParse(value).success).toBe(true);
      expect(plainCheck(schema)(value)).toBe(false);
    }
    // The same shapes without the inexact part are compiled.
    expect(plainCheck(z.object({ a: z.string().max(3) }))({ a: 'x' })).toBe(true);
    expect(plainCheck(z.object({ a: z.union([z.string(), z.array(z.string())]) }))({ a: ['x'] })).toBe(true);
  });
});
