import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow, renameVariable } from '@griot/flows';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { OPERATOR_SECRET } from './helpers/fakeOperator.ts';

/**
 * A subscriber calls 1919 while their WhatsApp chat starts, after an editor renamed the remembered
 * « plafond » (their balance alert threshold) to « seuil » and published. Both contacts read the
 * profile { plafond: 1000 } at their start and move it to « seuil » with their first turn. The
 * call's first turn waits on the operator's look-up; meanwhile the chat moves the profile and sets
 * the threshold to 500. When the call's turn is saved, the threshold stays 500: the call does not
 * put back the 1000 it read. The real server, the voice hook and the WhatsApp webhook (fake Graph
 * API), an operator on loopback that answers when told.
 */
const FLOW = 'selfcare-1919';
const APP_SECRET = 'two-contacts-app-secret';
const JAMBONZ_SECRET = 'two-contacts-jambonz-secret';
const NUMBER = '+2290197000001';
const sender = { phoneNumberId: '100000000000001', waId: '2290197000001', name: 'Afiavi' };

/** The operator's system: holds every look-up until `release()`. */
async function startHeldOperator() {
  const held: ServerResponse[] = [];
  const server: Server = createServer((_req: IncomingMessage, res: ServerResponse) => void held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held.length,
    release() {
      for (const res of held.splice(0)) res.setHeader('content-type', 'application/json').end(JSON.stringify({ segment: 'vip' }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('two contacts of one subscriber at once, after a remembered variable was renamed', () => {
  let server: TestServer;
  let graph: FakeGraphServer;
  let operator: Awaited<ReturnType<typeof startHeldOperator>>;
  let reader: ApiClient;

  beforeAll(async () => {
    graph = await startFakeGraphServer({ accessToken: 'two-contacts-graph-token' });
    operator = await startHeldOperator();
    server = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`,
        ...OPERATOR_SECRET,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'two-contacts-verify',
        WHATSAPP_ACCESS_TOKEN: 'two-contacts-graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_GRAPH_VERSION: 'v21.0',
        JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET,
      },
    });
    reader = await userWithRoles(server, 'sami', ['supervisor']);
  });
  afterAll(async () => {
    operator?.release();
    await server?.stop();
    await graph?.close();
    await operator?.close();
  });

  /**
   * The 1919 flow remembering « plafond », renamed « seuil »: a call looks the subscriber up first
   * (the held operator), a WhatsApp chat sets the threshold to 500 at once; both then go on to the
   * language and the menu.
   */
  async function publishRenamed(): Promise<number> {
    const { revision, document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const flow = Flow.parse({
      ...document,
      // Its test cases know nothing of the look-up added first.
      tests: [],
      variables: [...document.variables, { name: 'plafond', type: 'number', persist: true }],
      nodes: [
        ...document.nodes,
        { id: 'byChannel', type: 'condition', label: 'Canal', position: { x: 0, y: 0 }, branches: [{ id: 'chat', label: 'WhatsApp', expression: 'caller.channel == "whatsapp"' }] },
        { id: 'setPlafond', type: 'set', label: 'Seuil 500', position: { x: 0, y: 0 }, assignments: [{ variable: 'plafond', expression: '500' }] },
        {
          id: 'firstLookup',
          type: 'http',
          label: 'Dossier',
          position: { x: 0, y: 0 },
          method: 'GET',
          backend: 'operator',
          url: '/subscribers/{{caller.number}}',
          headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}' },
          timeoutMs: 20000,
          responseMapping: [],
        },
      ],
      edges: [
        ...document.edges.filter((e) => e.source !== 'start'),
        { id: 'start-next', source: 'start', output: 'next', target: 'byChannel' },
        { id: 'byChannel-chat', source: 'byChannel', output: 'chat', target: 'setPlafond' },
        { id: 'byChannel-else', source: 'byChannel', output: 'else', target: 'firstLookup' },
        { id: 'setPlafond-next', source: 'setPlafond', output: 'next', target: 'language' },
        ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `firstLookup-${output}`, source: 'firstLookup', output, target: 'language' })),
      ],
    });
    const renamed = renameVariable(flow, 'plafond', 'seuil');
    if (!renamed.ok) throw new Error(renamed.message);
    const saved = await server.admin.put(`/api/flows/${FLOW}/draft`, { revision, document: renamed.flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const published = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'plafond renommé seuil' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const promoted = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: published.body.number });
    expect(promoted.status, JSON.stringify(promoted.body)).toBeLessThan(300);
    return published.body.number as number;
  }

  it('keeps the threshold the chat set while the call’s first turn waited: the call does not put back the value it read', async () => {
    const version = await publishRenamed();
    const now = new Date().toISOString();
    // Remembered by the version before the rename, in French (the language menu is skipped).
    await server.store.putCaller({ number: NUMBER, preferredLocale: 'fr', variables: { plafond: 1000 }, contacts: [], createdAt: now, updatedAt: now });
    const profile = async () => (await reader.get(`/api/callers/${encodeURIComponent(NUMBER)}`)).body.variables;

    const call = new SimulatedCall(await httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: 'CA-two-contacts', from: NUMBER, to: '1919' });
    try {
      // The call starts: it has read { plafond: 1000 }, and its first turn waits on the look-up.
      const started = call.start();
      await expect.poll(() => operator.held(), { timeout: 10_000 }).toBe(1);

      // Meanwhile the chat starts: it moves the profile and sets the threshold to 500.
      expect((await postWebhook(server.url, wa.textMessage('Bonjour', sender), APP_SECRET)).status).toBe(200);
      await expect.poll(profile, { timeout: 10_000 }).toEqual({ seuil: 500 });

      // The look-up answers: the call's first turn is saved, with the move it made from what it read.
      operator.release();
      await started;
      await expect.poll(async () => (await server.store.getSession('voice:CA-two-contacts', new Date().toISOString()))?.session.flowVersion, { timeout: 10_000 }).toBe(version);
      // The call read 1000 under the new name…
      expect((await server.store.getSession('voice:CA-two-contacts', new Date().toISOString()))?.session.vars).toMatchObject({ seuil: 1000 });
      // …and the profile keeps what the chat set after: the subscriber is alerted at 500, not 1000.
      expect(await profile()).toEqual({ seuil: 500 });
      await call.hangup();
    } finally {
      call.close();
    }
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-two-contacts'))?.endReason).toBe('hangup');
    expect(await profile()).toEqual({ seuil: 500 });
  }, 40_000);
});
