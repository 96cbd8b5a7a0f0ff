import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { httpLink } from './testing/jambonzLinks.ts';
import { SimulatedCall } from './testing/simulatedCall.ts';
import { callHookPayload, gatherDigits, subsequentPayload } from './testing/jambonzPayloads.ts';
import { signJambonz } from './signature.ts';

const secret = 'jambonz-webhook-secret-for-tests';
const flow = voiceTestFlow();
const port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
const warnings: string[] = [];
let server: VoiceTestServer;

beforeAll(async () => {
  server = await startVoiceTestServer({
    conversations: port,
    bindings: port,
    webhookSecret: secret,
    logger: { info() {}, debug() {}, warn: (d: Record<string, unknown>) => warnings.push(String(d.reason ?? d.problem ?? '')), error() {} },
  });
});
afterAll(() => server.close());

const post = (path: string, body: string, signature?: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'jambonz-signature': signature } : {}) }, body });

describe('jambonz webhooks', () => {
  it('answers a signed call hook with verbs as JSON', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-signed', from: '+2290197000001', to: '1919' }));
    const res = await post('/jambonz/call', body, signJambonz(secret, body));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as unknown[])[0]).toMatchObject({ verb: 'config' });
  });

  // jambonz retries a call hook whose answer it lost when the application's URL says so (`#rc=2&rp=ct,rt`).
  it('answers a call hook delivered again as the first time, without starting the call over', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-retried', from: '+2290197000001', to: '1919' }));
    const first = await post('/jambonz/call', body, signJambonz(secret, body));
    const again = await post('/jambonz/call', body, signJambonz(secret, body));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(port.events.filter((e) => e.key === 'voice:CA-retried' && e.event.type === 'start')).toHaveLength(1);
    expect(port.ended.has('voice:CA-retried')).toBe(false);
  });

  it('refuses a forged, stale or missing signature with 403', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-forged', from: '+2290197000001', to: '1919' }));
    expect((await post('/jambonz/call', body, signJambonz('not-the-secret', body))).status).toBe(403);
    expect((await post('/jambonz/call', body, signJambonz(secret, body, Math.floor(Date.now() / 1000) - 600))).status).toBe(403);
    expect((await post('/jambonz/call', body)).status).toBe(403);
    // Signed for another body: the raw bytes are what counts.
    expect((await post('/jambonz/call', body.replace('+2290197000001', '+2290197000009'), signJambonz(secret, body))).status).toBe(403);
    expect(port.conversations.has('voice:CA-forged')).toBe(false);
  });

  it('refuses a malformed payload with 400 and goes on serving other calls', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret }), { callSid: 'CA-steady', from: '+2290197000002', to: '1919' });
    await call.start();
    const notJson = '{"call_sid": ';
    expect((await post('/jambonz/call', notJson, signJambonz(secret, notJson))).status).toBe(400);
    const noTo = JSON.stringify({ call_sid: 'CA-x', from: '+2290197000003' });
    const res = await post('/jambonz/call', noTo, signJambonz(secret, noTo));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('to');
    const badReason = JSON.stringify(subsequentPayload(call.identity, call.customerData, { reason: 'dtmf', digits: '1' }));
    expect((await post('/jambonz/gather', badReason, signJambonz(secret, badReason))).status).toBe(400);
    await call.press('1');
    expect(call.waitingOn).toMatchObject({ verb: 'gather' });
    expect(warnings).toContain('to: Invalid input: expected string, received undefined');
  });

  it('answers status hooks with 204 and ends the conversation', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret }), { callSid: 'CA-status', from: '+2290197000004', to: '1919' });
    await call.start();
    await call.hangup();
    expect(port.ended.get('voice:CA-status')).toBe('hangup');
  });

  it('apologises for a hook that carries no Griot state rather than failing', async () => {
    const body = JSON.stringify(subsequentPayload({ callSid: 'CA-lost', from: '+2290197000005', to: '1919' }, {}, gatherDigits('1')));
    const res = await post('/jambonz/gather', body, signJambonz(secret, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([expect.objectContaining({ verb: 'say' }), { verb: 'hangup' }]);
    expect(warnings).toContain('noCallState');
  });

  it('has no other hooks', async () => {
    const body = '{}';
    expect((await post('/jambonz/nope', body, signJambonz(secret, body))).status).toBe(404);
  });
});
