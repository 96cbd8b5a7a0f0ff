import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CallState } from './callState.ts';
import { fastHookParse, plainCallDefaults, plainCallHook, plainCallState, plainGather, plainStatus } from './fastHookParse.ts';
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
  { name: 'call hook', schema: CallHookPayload, plain: plainCallHook, seeds: [callHookPayload(call)] },
  {
    name: 'gather',
    schema: GatherPayload,
    plain: plainGather,
    seeds: [subsequentPayload(call, customerData, gatherDigits('1')), subsequentPayload(call, customerData, gatherTimeout())],
  },
  { name: 'status', schema: StatusPayload, plain: plainStatus, seeds: [statusPayload(call, customerData, 'completed')] },
  { name: 'call state', schema: CallState, plain: plainCallState, seeds: [state, { v: 1, session: 'voice:x', locale: 'fr', defaults: {} }] },
  { name: 'call defaults', schema: CallState.shape.defaults, plain: plainCallDefaults, seeds: [state.defaults, {}] },
];

describe('fastHookParse: the hand-written twins of the hook schemas', () => {
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
      // Both sides exercised: values zod refuses, and values the twin let through on its own.
      expect(refused).toBeGreaterThan(10);
      expect(fast).toBeGreaterThan(10);
    });
  }

  it('a speech result, a queued call and a stripped key go to zod', () => {
    expect(plainGather(subsequentPayload(call, customerData, gatherSpeech('solde')))).toBe(false);
    expect(fastHookParse(GatherPayload, plainGather, subsequentPayload(call, customerData, gatherSpeech('solde'))).success).toBe(true);
    expect(plainCallState({ ...state, queue: { name: 'support-fr' } })).toBe(false);
    expect(plainCallState({ ...state, extra: 1 })).toBe(false);
    const stripped = fastHookParse(CallState, plainCallState, { ...state, extra: 1 });
    expect(stripped.success && 'extra' in stripped.data).toBe(false);
  });
});
