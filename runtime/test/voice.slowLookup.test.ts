import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts, httpLink, wsLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A subscriber look-up slower than a voice turn's budget (2.5 s): the caller hears the node's
 * wait prompt at once, then the answer, over webhooks (redirect to /jambonz/continue) and over
 * the WebSocket API (the ack carries the filler, a `redirect` command the rest).
 */
const LOOKUP_MS = 3200;
let operator: FakeOperator;
let server: TestServer;

beforeAll(async () => {
  operator = await FakeOperator.start(LOOKUP_MS);
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET } });
});
afterAll(async () => {
  await server.stop();
  await operator?.close();
});

describe.each(['http', 'ws'] as const)('a slow look-up over %s', (transport) => {
  it('plays the wait prompt, then reads the code once the operator answers', async () => {
    const link = transport === 'http' ? httpLink(server.url) : await wsLink(`${server.url.replace(/^http/, 'ws')}/jambonz/ws`);
    const call = new SimulatedCall(link, { callSid: `CA-slow-${transport}`, from: transport === 'http' ? '+2290197000001' : '+2290197000003', to: '1919' });
    await call.start();
    await call.press('1');
    const mark = call.heard.length;
    const began = Date.now();
    await call.press('1');
    expect(Date.now() - began).toBeGreaterThanOrEqual(LOOKUP_MS - 200);
    const heard = call.heardSince(mark);
    expect(heard).toMatch(/Un instant.*Votre code PUK est : 2, 4, 6, 8, 1, 3, 5, 7\./s);
    const continued = call.received.flat().some((v) => (v as { verb: string }).verb === 'redirect');
    expect(continued).toBe(transport === 'http');
    call.received.forEach((verbs) => assertJambonzAccepts(verbs));
    await call.hangup();
    call.close();
  }, 20_000);
});
