import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR_TOKEN, DEMO_TEST_NUMBER } from '../src/demo/demoDefaults.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/** The operator's own subscriber system, on loopback: records every request's Authorization. */
async function startOperatorBackend(): Promise<{ url: string; authorizations: Array<string | undefined>; close(): Promise<void> }> {
  const authorizations: Array<string | undefined> = [];
  const server: Server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end('{"puk":"11111111","subscriberFound":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A preview of the demo flow as its test number, asking for the PUK (look-up to backend `operator`, staging). */
async function askForPuk(server: TestServer) {
  const flowId = (await server.admin.get('/api/flows')).body[0].id;
  const started = await server.admin.post('/api/preview/sessions', { flowId, source: 'production', channel: 'voice', callerNumber: DEMO_TEST_NUMBER, useBackend: true });
  expect(started.status).toBe(201);
  const press = (digits: string) => server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
  await press('1');
  return JSON.stringify((await press('1')).body);
}

describe("the demo's well-known operator token", () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('goes to the built-in demo backend', async () => {
    const server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    closers.push(() => server.stop());
    expect(await askForPuk(server)).toContain('2, 4, 6, 8, 1, 3, 5, 7');
  });

  it('is never sent to an operator backend the operator configured', async () => {
    const backend = await startOperatorBackend();
    closers.push(backend.close);
    const server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${backend.url}` } });
    closers.push(() => server.stop());
    const answer = await askForPuk(server);
    // Nothing was sent: the secret is not set for this backend, and the flow takes its error path.
    expect(backend.authorizations).toEqual([]);
    expect(answer).toContain('secret.notSet');
    expect(answer).not.toContain(DEMO_OPERATOR_TOKEN);
  });

  it('goes nowhere else even when GRIOT_FLOW_SECRETS names the secret without setting it', async () => {
    const backend = await startOperatorBackend();
    closers.push(backend.close);
    const server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_STAGING: `operator=${backend.url}`, GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator' } });
    closers.push(() => server.stop());
    await askForPuk(server);
    expect(backend.authorizations).not.toContain(`Bearer ${DEMO_OPERATOR_TOKEN}`);
    expect(backend.authorizations).toEqual([]);
  });
});
