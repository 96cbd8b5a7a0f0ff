import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts } from '@griot/connectors/voice/testing';
import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { balancedJambonzLink, startTwoInstances, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * A number bound, or rebound to another flow, on instance a while b hears of it late: an idle
 * instance reads the other instances' events every 2 s (ops26), a busy one every
 * GRIOT_EVENTS_POLL_MS. Here both read them every 5 s, so nothing reaches b by event before its
 * next call: b must route that call by the binding the store holds, not by the one it remembered
 * (5 s of "no binding", or a binding deleted since: the caller heard the apology and was hung up).
 */
let operator: FakeOperator;
let pair: TwoInstances;
let calls = 0;

beforeAll(async () => {
  operator = await FakeOperator.start();
  pair = await startTwoInstances({ env: { GRIOT_EVENTS_POLL_MS: '5000', GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET } });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await operator?.close();
});

const onB = () => balancedJambonzLink(pair, () => 'b');

async function voiceFlow(id: string, text: string): Promise<void> {
  expect((await pair.a.admin.post('/api/flows', { document: testFlow({ id, balanceText: text }) })).status).toBe(201);
  expect((await pair.a.admin.post(`/api/flows/${id}/publish`, { message: 'v1' })).status).toBe(201);
  expect((await pair.a.admin.post(`/api/flows/${id}/environments/production`, { version: 1 })).status).toBe(200);
}

async function bind(id: string, number: string): Promise<string> {
  const bound = await pair.a.admin.post('/api/bindings', { channel: 'voice', address: number, flowId: id, environment: 'production' });
  expect(bound.status, JSON.stringify(bound.body)).toBe(201);
  return (bound.body as { id: string }).id;
}

/** Calls `number` on b and asks for the balance (key 1): what the caller heard, from the greeting on. */
async function heardOnB(number: string): Promise<string> {
  const call = new SimulatedCall(onB(), { callSid: `CA-late-${++calls}`, from: '+2290197000005', to: number });
  await call.start();
  if (call.waitingOn?.verb === 'gather') await call.press('1');
  call.received.forEach((verbs) => assertJambonzAccepts(verbs));
  const heard = call.heard.join(' ');
  await call.hangup();
  return heard;
}

describe('an instance that hears of a binding change late', () => {
  it('answers a number bound on the other instance at its very next call', async () => {
    await voiceFlow('late-bound', 'Solde du numéro lié à l’instant.');
    // b remembers "no binding" for 5065.
    expect(await heardOnB('5065')).not.toContain('Solde du numéro lié');
    await bind('late-bound', '5065');
    expect(await heardOnB('5065')).toContain('Solde du numéro lié à l’instant.');
  }, 30_000);

  it('answers a number rebound to another flow on the other instance with that flow, at its very next call', async () => {
    await voiceFlow('rebound-old', 'Ancien solde.');
    await voiceFlow('rebound-new', 'Nouveau solde.');
    const old = await bind('rebound-old', '5066');
    // b remembers the old binding of 5066.
    expect(await heardOnB('5066')).toContain('Ancien solde.');
    expect((await pair.a.admin.delete(`/api/bindings/${old}`)).status).toBe(204);
    await bind('rebound-new', '5066');
    expect(await heardOnB('5066')).toContain('Nouveau solde.');
  }, 30_000);
});
