import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * Left 17b: each flow may keep 2,000 versions and its prompts' quota, and nothing bounded the
 * number of flows. The store now holds at most GRIOT_MAX_FLOWS (4 here), archived ones included:
 * until purged they keep their versions and prompts.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_MAX_FLOWS: '4' } });
}, 60_000);
afterAll(() => server.stop());

const create = (id: string) => server.admin.post('/api/flows', { document: testFlow({ id }) });
const exportFile = (id: string) => ({ format: 'griot-flow', formatVersion: 1, flow: { id, name: id }, draft: { document: testFlow({ id }) }, versions: [] });

describe('flows the store holds', () => {
  it('creates flows up to the limit at once, and refuses the rest with flows_full naming it', async () => {
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => create(`rush-${i}`)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'flows_full', params: { limit: 4 } });
    }
    expect(await server.store.listFlows()).toHaveLength(4);
  });

  it('refuses the import of a new flow, not one replacing a flow it holds; an id taken stays flow_exists', async () => {
    const refused = await server.admin.post('/api/flows/import', exportFile('imported'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'flows_full', params: { limit: 4 } });
    expect((await server.admin.get('/api/flows/imported')).status).toBe(404);
    const [held] = await server.store.listFlows();
    expect((await server.admin.post('/api/flows/import?replace=true', exportFile(held!.id))).status).toBe(201);
    expect((await create(held!.id)).body.error).toMatchObject({ code: 'flow_exists' });
  });

  it('counts an archived flow until it is purged', async () => {
    const [flow] = await server.store.listFlows();
    expect((await server.admin.delete(`/api/flows/${flow!.id}`, { confirm: flow!.name })).status).toBe(200);
    expect((await create('after-archive')).body.error).toMatchObject({ code: 'flows_full' });
    expect(await server.store.purgeArchivedFlows('2100-01-01T00:00:00.000Z')).toHaveLength(1);
    expect((await create('after-purge')).status).toBe(201);
  });
});
