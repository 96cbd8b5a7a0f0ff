import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DEMO_OPERATOR_TOKEN, DEMO_TEST_NUMBER } from '../src/demo/demoDefaults.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';
import { apiClient } from './helpers/http.ts';

describe('the demo (on by default)', () => {
  let server: TestServer;
  let flowId: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    flowId = (await server.admin.get('/api/flows')).body[0].id;
  });
  afterAll(() => server.stop());

  it('seeds flows/examples/1919-selfcare.json: version 1 in staging and production, bound to 1919 and the WhatsApp id', async () => {
    const detail = await server.admin.get(`/api/flows/${flowId}`);
    expect(detail.body.versions).toEqual([expect.objectContaining({ number: 1, author: 'demo' })]);
    expect(detail.body.environments).toMatchObject({ staging: { version: 1 }, production: { version: 1, updatedBy: 'demo' } });
    const bindings = (await server.admin.get('/api/bindings')).body;
    expect(bindings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'voice', address: '1919', flowId, environment: 'production', environments: expect.objectContaining({ production: 1 }) }),
        expect.objectContaining({ channel: 'whatsapp', address: '100000000000001', flowId, environment: 'production' }),
      ]),
    );
    // Messenger is not configured here: no Page is bound to a channel that could not answer.
    expect(bindings.map((b: { channel: string }) => b.channel)).not.toContain('messenger');
    const audit = (await server.admin.get(`/api/audit?target=flow:${flowId}`)).body;
    expect(audit.every((e: { actor: string }) => e.actor === 'demo')).toBe(true);
  });

  it('speaks French in the designer: the version note and the test names of the demo flow', async () => {
    const detail = await server.admin.get(`/api/flows/${flowId}`);
    expect(detail.body.versions[0].message).toBe('Démo : la ligne self-service 1919');
    const draft = await server.admin.get(`/api/flows/${flowId}/draft`);
    const names = (draft.body.document.tests as Array<{ name: string }>).map((t) => t.name);
    expect(names[0]).toBe('PUK trouvé — voix, français choisi au clavier, code lu chiffre par chiffre');
    // No English sentence left among them (the review read "PUK found — voice, French chosen on the keypad…").
    expect(names.filter((n) => /\b(the|then|caller|found|with|after|leads)\b/i.test(n))).toEqual([]);
  });

  it('points backend operator at the in-process demo backend', () => {
    expect(server.services.backends.staging.operator).toBe(`${server.url}/demo-backend`);
    expect(server.services.backends.production.operator).toBe(`${server.url}/demo-backend`);
    expect(server.services.secret('OPERATOR_API_TOKEN')).toBe(DEMO_OPERATOR_TOKEN);
    // Set in the server's environment, but not a flow secret: an http node cannot send it anywhere.
    expect(server.services.secret('GRIOT_ADMIN_TOKEN')).toBeUndefined();
  });

  it('answers subscriber look-ups with the demo token, and 401 without it', async () => {
    const backend = apiClient(server.url, { token: DEMO_OPERATOR_TOKEN });
    const vip = await backend.get('/demo-backend/subscribers/%2B2290197000002');
    expect(vip.status).toBe(200);
    expect(vip.body).toMatchObject({ number: '+2290197000002', locale: 'en', segment: 'vip', puk: expect.stringMatching(/^\d{8}$/) });
    expect(vip.body.balance).toEqual({ airtime: expect.any(Number), data: expect.any(String) });
    expect(vip.body.momo.transactions[0]).toEqual({ date: expect.any(String), amount: expect.any(Number), counterparty: expect.any(String) });
    expect((await backend.get('/demo-backend/subscribers/%2B2290197000001')).body).toMatchObject({ locale: 'fr', segment: 'regular' });
    expect((await backend.get('/demo-backend/subscribers/%2B2290197999999')).status).toBe(404);
    expect((await server.anonymous.get('/demo-backend/subscribers/%2B2290197000002')).status).toBe(401);
  });

  it('answers its test number out of the box: the production flow reads the PUK from the demo backend', async () => {
    expect((await server.admin.get('/api/test-numbers')).body).toEqual([{ number: DEMO_TEST_NUMBER, routes: [expect.objectContaining({ channel: 'voice', address: '1919', flowId })] }]);
    const started = await server.admin.post('/api/preview/sessions', { flowId, source: 'production', channel: 'voice', callerNumber: DEMO_TEST_NUMBER, useBackend: true });
    expect(started.status).toBe(201);
    const press = (digits: string) => server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
    await press('1'); // French
    const puk = await press('1'); // PUK code
    expect(puk.status).toBe(200);
    expect(JSON.stringify(puk.body.effects)).toContain('2, 4, 6, 8, 1, 3, 5, 7');
    expect(JSON.stringify(puk.body.state)).not.toContain('24681357');
  });

  it('reads the test number its balance, which is account data: kept in neither the session nor a backup', async () => {
    const started = await server.admin.post('/api/preview/sessions', { flowId, source: 'production', channel: 'voice', callerNumber: DEMO_TEST_NUMBER, useBackend: true });
    const press = (digits: string) => server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
    // The earlier call on this number made it a known caller: the language menu may be skipped.
    const asked = (body: { effects: unknown[] }) => JSON.stringify(body.effects.at(-1));
    if (!asked(started.body).includes('mainMenu')) await press('1'); // French
    const balance = await press('2'); // balance
    expect(balance.status).toBe(200);
    // The caller hears it, as the operator's system gave it…
    const { airtime, data } = (await apiClient(server.url, { token: DEMO_OPERATOR_TOKEN }).get(`/demo-backend/subscribers/${encodeURIComponent(DEMO_TEST_NUMBER)}`)).body.balance as {
      airtime: number;
      data: string;
    };
    const heard = JSON.stringify(balance.body.effects);
    expect(heard).toContain(`est de ${airtime} francs CFA. Il vous reste ${data} d'internet`);
    // …and nothing kept of the contact holds it: the session, the tester's view of it, a backup.
    const dump = await server.store.dump();
    // The transcript says what was read, with the values masked as for the PUK.
    expect(JSON.stringify(dump.transcripts)).toContain("Votre crédit de communication est de ••• francs CFA. Il vous reste ••• d'internet.");
    const kept = [(await server.admin.get(`/api/preview/sessions/${started.body.id}`)).body, balance.body.state, dump].map((value) => JSON.stringify(value));
    for (const text of kept) {
      expect(text).not.toContain(data);
      expect(text).not.toContain(`"balanceAirtime":${airtime}`);
    }
  });

  it('calls the demo backend as another subscriber only once an admin lists the number as a tester', async () => {
    const preview = { flowId, source: 'production', channel: 'voice', callerNumber: '+2290197000002', useBackend: true };
    expect((await server.admin.post('/api/preview/sessions', preview)).body.error.code).toBe('preview_number_not_test');
    await listTestNumbers(server, [DEMO_TEST_NUMBER, '+2290197000002']);
    const started = await server.admin.post('/api/preview/sessions', preview);
    expect(started.status).toBe(201);
    const press = (digits: string) => server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event: { type: 'digits', digits } });
    await press('1');
    expect(JSON.stringify((await press('1')).body.effects)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
  });

  it('starts empty when the demo flow file is missing, and says why in the log', async () => {
    const other = await startTestServer({ env: { GRIOT_DEMO: '1' }, start: { demoFlowPath: join(server.dataDir, 'missing.json') } });
    try {
      expect((await other.admin.get('/api/flows')).body).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('does not seed again on a store that has flows', async () => {
    const dataDir = server.dataDir;
    await server.stop({ keepData: true });
    server = await startTestServer({ dataDir, env: { GRIOT_DEMO: '1' } });
    expect((await server.admin.get('/api/flows')).body).toHaveLength(1);
  });
});

describe('with GRIOT_DEMO=0', () => {
  it('starts empty and serves no demo backend', async () => {
    const server = await startTestServer({ env: { GRIOT_DEMO: '0' } });
    try {
      expect((await server.admin.get('/api/flows')).body).toEqual([]);
      expect((await server.anonymous.get('/demo-backend/subscribers/%2B2290197000002')).status).toBe(404);
      expect(server.services.backends.production.operator).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
