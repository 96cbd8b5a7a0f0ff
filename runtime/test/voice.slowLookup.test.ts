import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts, httpLink, wsLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A subscriber look-up slower than a voice turn's budget (2.5 s): the caller hears the node's
 * wait prompt at once, then the answer, over webhooks (redirect to /jambonz/continue) and over
 * the WebSocket API (the ack carries the filler, a `redirect` command the rest).
 */
const LOOKUP_MS = 3200;
let operator: Server;
let server: TestServer;

beforeAll(async () => {
  operator = createServer((_req, res) => {
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ number: '+2290197000001', locale: 'fr', segment: 'regular', puk: '24681357', balance: { airtime: 1500, data: '2 Go' }, momo: { balance: 0, transactions: [] } }));
    }, LOOKUP_MS);
  });
  await new Promise<void>((resolve) => operator.listen(0, '127.0.0.1', resolve));
  const { port } = operator.address() as AddressInfo;
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=http://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await server.stop();
  operator.closeAllConnections();
  await new Promise<void>((resolve) => operator.close(() => resolve()));
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
