import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('staging, production, roll-back and the audit log', () => {
  let server: TestServer;
  const save = async (document: unknown) => {
    const draft = await server.admin.get('/api/flows/hotline/draft');
    return server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document });
  };
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
    await server.admin.post('/api/flows/hotline/publish', { message: 'v1' });
  });
  afterAll(() => server.stop());

  it('promotes a version to staging and shows it in the environments', async () => {
    const promoted = await server.admin.post('/api/flows/hotline/environments/staging', { version: 1 });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ changed: true, tests: null, environment: { name: 'staging', version: 1, history: [], updatedBy: 'admin-token' } });
    const environments = await server.admin.get('/api/flows/hotline/environments');
    expect(environments.body).toMatchObject({ staging: { version: 1 }, production: null });
    expect((await server.admin.post('/api/flows/hotline/environments/staging', { version: 7 })).status).toBe(404);
  });

  it('says after how many minutes without a message a conversation starts over, as this server is configured', async () => {
    expect((await server.admin.get('/api/flows/hotline/environments')).body.inactivityMinutes).toBe(30);
    const configured = await startTestServer({ env: { GRIOT_SESSION_TTL_MINUTES: '45' } });
    try {
      await configured.admin.post('/api/flows', { document: testFlow() });
      expect((await configured.admin.get('/api/flows/hotline/environments')).body).toEqual({ staging: null, production: null, inactivityMinutes: 45 });
    } finally {
      await configured.stop();
    }
  });

  it('promotes to production after running the tests, and says how many passed', async () => {
    const promoted = await server.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ environment: { name: 'production', version: 1 }, tests: { total: 1, passed: 1, failed: 0 } });
    expect(promoted.body.note).toBeUndefined();
  });

  it('refuses production while a test case fails (422 listing it), and allows it once fixed', async () => {
    await save(testFlow({ balanceText: 'Votre crédit est de 1000 francs.' }));
    const v2 = await server.admin.post('/api/flows/hotline/publish', { message: 'reword' });
    expect(v2.body.number).toBe(2);
    const refused = await server.admin.post('/api/flows/hotline/environments/production', { version: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('tests_failed');
    expect(refused.body.failures).toEqual([
      {
        name: 'balance is read out',
        failures: [expect.stringContaining('solde')],
        // The same as data, for the designer to say in the user's language.
        problems: [expect.objectContaining({ code: 'promptMissing', expected: expect.stringContaining('solde'), got: expect.stringContaining('Votre crédit est de 1000 francs.') })],
        divergedAt: expect.objectContaining({ step: expect.any(Number) }),
      },
    ]);
    expect((await server.admin.get('/api/flows/hotline/environments')).body.production.version).toBe(1);

    await save(testFlow({ balanceText: 'Votre solde est de 1500 francs.' }));
    const v3 = await server.admin.post('/api/flows/hotline/publish', { message: 'fixed' });
    const promoted = await server.admin.post('/api/flows/hotline/environments/production', { version: v3.body.number });
    expect(promoted.status).toBe(200);
    expect(promoted.body.environment).toMatchObject({ version: 3, history: [1] });
  });

  it('promotes a flow without test cases, and says so', async () => {
    await server.admin.post('/api/flows', { document: testFlow({ id: 'untested', withTests: false }) });
    await server.admin.post('/api/flows/untested/publish', { message: 'v1' });
    const promoted = await server.admin.post('/api/flows/untested/environments/production', { version: 1 });
    expect(promoted.status).toBe(200);
    expect(promoted.body.tests).toEqual({ total: 0, passed: 0, failed: 0 });
    expect(promoted.body.note).toMatch(/no test cases/);
  });

  it('rolls production back to the previous version, then has nothing left to roll back to', async () => {
    const rolled = await server.admin.post('/api/flows/hotline/environments/production/rollback');
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ from: 3, environment: { version: 1, history: [] } });
    const again = await server.admin.post('/api/flows/hotline/environments/production/rollback');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_previous_version');
  });

  it('audits every change with who, what, when and the hashes before and after', async () => {
    const versions = (await server.admin.get('/api/flows/hotline/versions')).body as Array<{ number: number; hash: string }>;
    const hashOf = (n: number) => versions.find((v) => v.number === n)!.hash;
    const audit = await server.admin.get('/api/audit?target=flow:hotline&limit=50');
    expect(audit.status).toBe(200);
    const actions = audit.body.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('environment.rollback');
    expect(actions).toEqual(expect.arrayContaining(['flow.create', 'draft.save', 'flow.publish', 'environment.promote', 'environment.rollback']));
    const rollback = audit.body[0];
    expect(rollback).toMatchObject({ actor: 'admin-token', target: 'flow:hotline', hashBefore: hashOf(3), hashAfter: hashOf(1), at: expect.any(String) });
    const publish3 = audit.body.find((e: { action: string; details?: { version?: number } }) => e.action === 'flow.publish' && e.details?.version === 3);
    expect(publish3).toMatchObject({ hashBefore: hashOf(2), hashAfter: hashOf(3) });
    const create = audit.body.find((e: { action: string }) => e.action === 'flow.create');
    expect(create.hashAfter).toMatch(/^sha256:/);
    const saves = audit.body.filter((e: { action: string }) => e.action === 'draft.save');
    expect(saves.every((e: { hashBefore?: string; hashAfter?: string }) => e.hashBefore && e.hashAfter && e.hashBefore !== e.hashAfter)).toBe(true);
  });
});
