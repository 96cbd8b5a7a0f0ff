import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow, renameVariable } from '@griot/flows';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { publishFlow } from '../src/conversations/testSupport.ts';

/**
 * An editor renames the remembered variable « segment » of the 1919 demo to « segmentClient » and
 * publishes: the subscriber the earlier version remembered as « vip » is still known as such by
 * the new version, whose sessions read it under the new name, and their profile is moved to it
 * once. The real server, voice calls from the demo subscriber.
 */
const FLOW = 'selfcare-1919';
const SECRET = 'jambonz-renamed-memory-secret';
const CALLER = '+2290197000002';

describe('a remembered variable renamed and published', () => {
  let server: TestServer;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    reader = await userWithRoles(server, 'sami', ['supervisor']);
  });
  afterAll(() => server?.stop());

  const call = async (callSid: string, then: (call: SimulatedCall) => Promise<void>) => {
    const simulated = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid, from: CALLER, to: '1919' });
    try {
      await simulated.start();
      if (simulated.heard.join(' ').includes('For English, press 2')) await simulated.press('2');
      await then(simulated);
    } finally {
      simulated.close();
    }
  };

  it('keeps what callers remembered under the old name, read under the new one', async () => {
    // The version in production remembers the subscriber's segment.
    await call('CA-renamed-1', async (c) => {
      await c.press('1'); // PUK: the look-up says the segment
      await c.hangup();
    });
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-renamed-1'))?.endReason).toBe('hangup');
    expect((await reader.get(`/api/callers/${encodeURIComponent(CALLER)}`)).body.variables).toEqual({ segment: 'vip' });

    const { revision, document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const renamed = renameVariable(Flow.parse(document), 'segment', 'segmentClient');
    if (!renamed.ok) throw new Error(renamed.message);
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision, document: renamed.flow })).status).toBe(200);
    const publish = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'segment renommé' });
    expect(publish.status, JSON.stringify(publish.body)).toBe(201);
    const promoted = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: publish.body.number });
    expect(promoted.status, JSON.stringify(promoted.body)).toBeLessThan(300);

    // The next call runs the new version: the remembered « vip » is there, under the new name.
    await call('CA-renamed-2', async () => {
      const record = await server.store.getSession('voice:CA-renamed-2', new Date().toISOString());
      expect(record?.session.flowVersion).toBe(publish.body.number);
      expect(record?.session.vars).toMatchObject({ segmentClient: 'vip' });
      expect(Object.hasOwn(record?.session.vars ?? {}, 'segment')).toBe(false);
    });
    // Moved once, with that call's first turn: the profile holds it under the new name only, so the
    // next calls read it as it is, and « segment » given later to another variable reads nothing of it.
    await expect.poll(async () => (await reader.get(`/api/callers/${encodeURIComponent(CALLER)}`)).body.variables).toEqual({ segmentClient: 'vip' });
  });
});

describe('a remembered variable renamed in one flow, remembered under its old name by another', () => {
  let server: TestServer;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    reader = await userWithRoles(server, 'sami', ['supervisor']);
  });
  afterAll(() => server?.stop());

  it('leaves the old name in the profile: the other flow still knows the caller', async () => {
    const profile = async () => (await reader.get(`/api/callers/${encodeURIComponent(CALLER)}`)).body.variables;
    // A second flow in production (« Fidélité », a copy of the 1919 one) remembers « segment » too.
    const { revision, document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    await publishFlow(server.store, Flow.parse({ ...document, id: 'fidelite', name: 'Fidélité' }), ['production']);
    await server.store.putCaller({ number: CALLER, variables: { segment: 'gold' }, contacts: [], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    // 1919 renames it and publishes.
    const renamed = renameVariable(Flow.parse(document), 'segment', 'segmentClient');
    if (!renamed.ok) throw new Error(renamed.message);
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision, document: renamed.flow })).status).toBe(200);
    const published = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'segment renommé' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: published.body.number })).status).toBeLessThan(300);

    const simulated = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-renamed-other', from: CALLER, to: '1919' });
    try {
      await simulated.start();
      // The renamed flow reads it under the new name…
      const record = await server.store.getSession('voice:CA-renamed-other', new Date().toISOString());
      expect(record?.session.flowVersion).toBe(published.body.number);
      expect(record?.session.vars).toMatchObject({ segmentClient: 'gold' });
    } finally {
      simulated.close();
    }
    // …and the profile keeps it under « segment », which « Fidélité » reads (its first turn forgot it before).
    expect(await profile()).toEqual({ segment: 'gold' });
  });
});
