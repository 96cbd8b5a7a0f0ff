import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** A tester lists their own SIM as a test number of 1919, without an admin, within limits. */
describe('own test numbers', () => {
  let server: TestServer;
  let tester: ApiClient;
  let other: ApiClient;
  let viewer: ApiClient;
  let bindingId: string;
  const ownPath = () => `/api/bindings/${bindingId}/own-test-numbers`;

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
    await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    const created = await server.admin.post('/api/bindings', {
      channel: 'voice',
      address: '1919',
      flowId: 'hotline',
      environment: 'production',
      testers: [{ number: '+2290197000090' }],
      settings: { vendor: 'jambonz' },
    });
    bindingId = created.body.id;
    tester = await userWithRoles(server, 'awa', ['tester']);
    other = await userWithRoles(server, 'kofi', ['tester']);
    viewer = await userWithRoles(server, 'ines', ['viewer']);
  });
  afterAll(() => server.stop());

  it('lets a tester add their own number, pending until an admin confirms it, audited; it is no test number previews may use', async () => {
    const added = await tester.post(ownPath(), { number: '01 97 00 00 11' });
    expect(added.status).toBe(201);
    expect(added.body.testers).toEqual([{ number: '+2290197000090' }, { number: '+2290197000011', addedBy: 'awa' }]);
    expect(added.body.environment).toBe('production');
    expect(added.body.settings).toEqual({ vendor: 'jambonz' });
    const numbers = (await tester.get('/api/test-numbers')).body as Array<{ number: string }>;
    expect(numbers.map((n) => n.number)).not.toContain('+2290197000011');
    const audit = await server.admin.get(`/api/audit?target=binding:${bindingId}&action=binding.testerAdd`);
    expect(audit.body).toEqual([expect.objectContaining({ actor: 'awa', details: expect.objectContaining({ number: '+2290197000011' }) })]);
  });

  it('refuses a viewer, a pinned version and the full edit of the binding to a tester', async () => {
    expect((await viewer.post(ownPath(), { number: '+2290197000012' })).status).toBe(403);
    expect((await tester.post(ownPath(), { number: '+2290197000012', version: 1 })).status).toBe(400);
    const put = await tester.put(`/api/bindings/${bindingId}`, { channel: 'voice', address: '1919', flowId: 'hotline', testers: [{ number: '+2290197000012' }] });
    expect(put.status).toBe(403);
  });

  it('refuses a number already listed (409)', async () => {
    const again = await other.post(ownPath(), { number: '+2290197000090' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('test_number_listed');
  });

  it('refuses a live subscriber: a number that called the line in the last 30 days (403, audited as a digest)', async () => {
    const recently = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    await server.store.putCaller({
      number: '+2290197555555',
      contacts: [{ at: recently, channel: 'voice', reason: 'end', outcome: 'completed' }],
      variables: {},
      createdAt: recently,
      updatedAt: recently,
    });
    const refused = await tester.post(ownPath(), { number: '01 97 55 55 55' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('test_number_live_subscriber');
    expect((await server.admin.get(`/api/bindings`)).body[0].testers.map((t: { number: string }) => t.number)).not.toContain('+2290197555555');
    const audit = await server.admin.get(`/api/audit?action=binding.testerRefused`);
    const entries = audit.body as Array<{ actor: string; details: Record<string, unknown> }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toBe('awa');
    expect(JSON.stringify(entries[0])).not.toContain('97555555');
    // A number last heard of two months ago is no longer a live subscriber's.
    const longAgo = new Date(Date.now() - 60 * 24 * 3600_000).toISOString();
    await server.store.putCaller({
      number: '+2290197666666',
      contacts: [{ at: longAgo, channel: 'voice', reason: 'end', outcome: 'completed' }],
      variables: {},
      createdAt: longAgo,
      updatedAt: longAgo,
    });
    expect((await other.post(ownPath(), { number: '+2290197666666' })).status).toBe(201);
  });

  it('caps a tester at 3 numbers of their own (409)', async () => {
    expect((await tester.post(ownPath(), { number: '+2290197000013' })).status).toBe(201);
    expect((await tester.post(ownPath(), { number: '+2290197000014' })).status).toBe(201);
    const fourth = await tester.post(ownPath(), { number: '+2290197000015' });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('own_test_numbers_limit');
  });

  it("lets a tester remove only their own numbers, not an admin's nor another tester's (404); an admin's edit keeps whose they are", async () => {
    expect((await tester.delete(`${ownPath()}/${encodeURIComponent('+2290197000090')}`)).status).toBe(404);
    expect((await tester.delete(`${ownPath()}/${encodeURIComponent('+2290197666666')}`)).status).toBe(404);
    const binding = (await server.admin.get('/api/bindings')).body[0];
    const { channel, address, flowId, environment, settings, testers } = binding;
    const kept = await server.admin.put(`/api/bindings/${bindingId}`, { channel, address, flowId, environment, settings, testers: testers.map(({ number }: { number: string }) => ({ number })) });
    expect(kept.status).toBe(200);
    const removed = await tester.delete(`${ownPath()}/${encodeURIComponent('+2290197000011')}`);
    expect(removed.status).toBe(200);
    expect(removed.body.testers.map((t: { number: string }) => t.number)).not.toContain('+2290197000011');
    expect(removed.body.testers.map((t: { number: string }) => t.number)).toContain('+2290197000090');
    const audit = await server.admin.get(`/api/audit?action=binding.testerRemove`);
    expect(audit.body).toEqual([expect.objectContaining({ actor: 'awa' })]);
  });
});

/** A tester cannot find out who the subscribers are by trying number after number. */
describe('own test numbers: probing and racing', () => {
  let server: TestServer;
  let bindingId: string;
  const ownPath = () => `/api/bindings/${bindingId}/own-test-numbers`;
  const subscriber = async (number: string) => {
    const recently = new Date(Date.now() - 24 * 3600_000).toISOString();
    await server.store.putCaller({ number, contacts: [{ at: recently, channel: 'voice', reason: 'end', outcome: 'completed' }], variables: {}, createdAt: recently, updatedAt: recently });
  };

  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
    const created = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline', environment: 'staging', testers: [] });
    bindingId = created.body.id;
  });
  afterAll(() => server.stop());

  it('answers 429 with Retry-After after 5 refused numbers in an hour, even for a number it would accept, audited; other testers are not held', async () => {
    const prober = await userWithRoles(server, 'moussa', ['tester']);
    for (let i = 0; i < 5; i += 1) {
      await subscriber(`+22901975000${i}0`);
      const refused = await prober.post(ownPath(), { number: `+22901975000${i}0` });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('test_number_live_subscriber');
    }
    // The sixth answer would say whether this number called a line: it waits, whatever the number.
    await subscriber('+2290197500090');
    for (const number of ['+2290197500090', '+2290197500099']) {
      const held = await prober.post(ownPath(), { number });
      expect(held.status).toBe(429);
      expect(held.body.error.code).toBe('own_test_numbers_throttled');
      const wait = Number(held.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(3000);
      expect(wait).toBeLessThanOrEqual(3600);
    }
    expect((await server.admin.get('/api/bindings')).body[0].testers).toEqual([]);
    const refusals = (await server.admin.get('/api/audit?action=binding.testerRefused')).body as unknown[];
    expect(refusals).toHaveLength(5);
    const blocks = (await server.admin.get('/api/audit?action=binding.testerRefusalsThrottled')).body as Array<{ actor: string; details: Record<string, unknown> }>;
    expect(blocks).toEqual([expect.objectContaining({ actor: 'moussa', details: expect.objectContaining({ blockedForSeconds: 3600 }) })]);
    // The audit names the numbers only as digests.
    expect(JSON.stringify([...refusals, ...blocks])).not.toMatch(/975000\d0/);
    const other = await userWithRoles(server, 'fatou', ['tester']);
    expect((await other.post(ownPath(), { number: '+2290197500099' })).status).toBe(201);
  });

  it('keeps every number when testers add theirs to one line at the same instant, and every removal', async () => {
    const names = ['awa', 'kofi', 'ines', 'yao', 'adjoa', 'koffi'];
    const testers = await Promise.all(names.map((name) => userWithRoles(server, name, ['tester'])));
    const numbers = () => server.admin.get('/api/bindings').then((r) => (r.body[0].testers as Array<{ number: string }>).map((t) => t.number).sort());
    const before = await numbers();
    const mine = names.map((_, i) => `+22901976000${i}1`);
    const added = await Promise.all(testers.map((t, i) => t.post(ownPath(), { number: mine[i] })));
    expect(added.map((r) => r.status)).toEqual(names.map(() => 201));
    expect(await numbers()).toEqual([...before, ...mine].sort());
    const removed = await Promise.all(testers.map((t, i) => t.delete(`${ownPath()}/${encodeURIComponent(mine[i]!)}`)));
    expect(removed.map((r) => r.status)).toEqual(names.map(() => 200));
    expect(await numbers()).toEqual(before);
  });
});
