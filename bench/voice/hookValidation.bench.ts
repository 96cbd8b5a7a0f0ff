/**
 * `npx tsx bench/voice/hookValidation.bench.ts` (not in `npm run bench`): what a jambonz hook
 * costs before the turn, per hook, in process: reading the body (nesting scan + prototype-safe
 * parse), the zod checks of the payload and of Griot's call state in `customerData`, the
 * WebSocket frame's check, and the signature. zod 4 compiles each object schema once (on its
 * first parse); this says whether a hand-written check would be worth its upkeep (issue 17).
 * A gather hook as jambonz sends it (recorded payload, Griot's state in `customerData`).
 */
import { readJson } from '../../connectors/src/http/readJson.ts';
import { CallState, readCallState } from '../../connectors/src/voice/callState.ts';
import { GatherPayload, StatusPayload } from '../../connectors/src/voice/inbound.ts';
import { signJambonz, verifyJambonzSignature } from '../../connectors/src/voice/signature.ts';
import { gatherDigits, subsequentPayload } from '../../connectors/src/voice/testing/jambonzPayloads.ts';
import { JambonzFrame } from '../../connectors/src/voice/wsFrames.ts';
import { loadavg } from 'node:os';

const N = Number(process.env.BENCH_ITERATIONS ?? 50_000);
const state = CallState.parse({
  v: 1,
  session: 'voice:CA1',
  binding: 'b1',
  flow: 'f1',
  flowVersion: 3,
  locale: 'fr',
  node: 'menu',
  defaults: { tts: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' }, asr: { vendor: 'google', language: 'fr-FR' } },
  speak: { locale: 'fr', synthesizer: { vendor: 'google', language: 'fr-FR' } },
});
const payload = subsequentPayload({ callSid: 'CA1', from: '+22997000001', to: '1919' }, { griot: state }, gatherDigits('1'));
const raw = Buffer.from(JSON.stringify(payload));
const signature = signJambonz('secret', raw.toString());

function time(name: string, run: () => unknown): number {
  for (let i = 0; i < 5000; i += 1) run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) run();
  const us = Number(process.hrtime.bigint() - started) / N / 1000;
  console.log(`${name.padEnd(44)} ${us.toFixed(2)} µs`);
  return us;
}

console.log(`gather hook of ${raw.length} bytes, ${N} iterations each, load ${loadavg()[0]!.toFixed(2)}`);
time('readJson (nesting scan + safe parse)', () => readJson(raw));
time('JSON.parse alone', () => JSON.parse(raw.toString()));
const zod =
  time('GatherPayload.safeParse', () => GatherPayload.safeParse(payload)) + time('readCallState (CallState.safeParse)', () => readCallState(payload.customerData as Record<string, unknown>, 'CA1'));
time('StatusPayload.safeParse', () => StatusPayload.safeParse({ ...payload, call_status: 'completed' }));
time('JambonzFrame.safeParse (WebSocket only)', () => JambonzFrame.safeParse({ type: 'verb:hook', msgid: 'm1', call_sid: 'CA1', hook: '/jambonz/gather', data: payload }));
time('Jambonz-Signature check', () => verifyJambonzSignature('secret', signature, raw));
console.log(`zod per gather hook (payload + call state): ${zod.toFixed(2)} µs`);
