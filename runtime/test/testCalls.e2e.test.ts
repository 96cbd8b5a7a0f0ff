import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { testFlow } from './fixtures/testFlow.ts';

const SECRET = 'test-calls-jambonz-secret';
const NUMBER = '+2290197000044';
const DAY = 24 * 3600_000;

/**
 * Review of daily 18: the versions panel's « Appels des numéros de test » listed every call of
 * the flow from a tester's number, back to the retention limit. A user may list as her own phone
 * any number that has not called for 30 days: once an admin confirmed it, she read that
 * subscriber's past calls (and a recycled number, its previous owner's). Now only contacts routed
 * as a tester's are listed, a user's own phone's from its confirmation on; and her previews as the
 * same number no longer use up the list.
 */
describe("a tester's test-calls list", () => {
  let server: TestServer;
  let awa: ApiClient;
  let bindingId: string;
  let clock = Date.parse('2026-10-01T08:00:00.000Z');
  let sid = 0;

  const call = async (keys: string[]) => {
    const c = await new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-test-calls-${++sid}`, from: NUMBER, to: '1919' }).start();
    for (const key of keys) await c.press(key);
    if (!c.ended) await c.hangup();
    return `voice:CA-test-calls-${sid}`;
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { JAMBONZ_WEBHOOK_SECRET: SECRET }, start: { now: () => new Date(clock).toISOString() } });
    await server.admin.post('/api/flows', { document: testFlow() });
    await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    await server.admin.post('/api/flows/hotline/environments/staging', { version: 1 });
    const created = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline', environment: 'production', settings: { vendor: 'jambonz' } });
    bindingId = created.body.id;
  });
  afterAll(() => server.stop());

  it("lists neither a subscriber's earlier call from her own number nor its calls while pending; her test call once an admin confirmed it, even after many previews", async () => {
    // A subscriber calls the line: production.
    const subscribers = await call(['1']);
    // Six weeks later the number is no live subscriber's: Awa lists it as her own phone.
    clock += 42 * DAY;
    awa = await userWithRoles(server, 'awa', ['tester']);
    expect((await awa.post(`/api/bindings/${bindingId}/own-test-numbers`, { number: NUMBER })).status).toBe(201);
    // Pending: its calls still reach production like a subscriber's.
    clock += 60_000;
    const pending = await call([]);
    clock += 60_000;
    expect((await server.admin.post(`/api/bindings/${bindingId}/own-test-numbers/${encodeURIComponent(NUMBER)}/confirm`)).status).toBe(200);
    clock += 60_000;
    const tested = await call(['1']);
    const listedNow = async () => {
      const listed = await awa.get('/api/flows/hotline/test-calls');
      expect(listed.status).toBe(200);
      return listed.body as Array<{ sessionKey: string }>;
    };
    const listed = await listedNow();
    expect(listed.map((t) => t.sessionKey)).toEqual([tested]);
    expect(listed[0]).toMatchObject({ callerNumber: NUMBER, flowVersion: 1, tester: true, preview: false });

    // Then she tries the draft in the simulator as the same number, again and again: her test call stays listed.
    for (let i = 0; i < 12; i++) {
      clock += 1000;
      const preview = await awa.post('/api/preview/sessions', { flowId: 'hotline', source: 'staging', channel: 'voice', callerNumber: NUMBER });
      expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    }
    expect((await listedNow()).map((t) => t.sessionKey)).toEqual([tested]);
    // The calls themselves are still there for those who read every transcript.
    const all = (await server.admin.get(`/api/transcripts?caller=${encodeURIComponent(NUMBER)}&limit=50`)).body as Array<{ sessionKey: string }>;
    expect(all.map((t) => t.sessionKey)).toEqual(expect.arrayContaining([subscribers, pending, tested]));
  });
});
