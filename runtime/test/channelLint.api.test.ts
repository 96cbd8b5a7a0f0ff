import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** The hotline with its agent option keyed 0: the back key of a USSD screen. */
function keyedZero(): FlowInput {
  const flow = testFlow();
  const menu = flow.nodes.find((n) => n.id === 'menu') as { options: Array<{ key: string }> };
  menu.options[1]!.key = '0';
  return flow;
}
const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);

describe('lint of the channels a flow is bound to, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: keyedZero() })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('says nothing of USSD screens while the flow is bound to voice only', async () => {
    expect((await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline', environment: 'production' })).status).toBe(201);
    expect(codes((await server.admin.get('/api/flows/hotline')).body.lint)).not.toContain('menu.pagingKey');
    expect(codes((await server.admin.get('/api/flows/hotline/draft')).body.lint)).not.toContain('menu.pagingKey');
  });

  it('warns of a menu key that is a paging key once a USSD code (staging) routes to the flow, in the flow, draft, save and publication answers', async () => {
    expect((await server.admin.post('/api/bindings', { channel: 'ussd', address: '*919#', flowId: 'hotline', environment: 'staging' })).status).toBe(201);
    const warning = expect.objectContaining({ severity: 'warning', code: 'menu.pagingKey', node: 'menu', params: { channel: 'ussd', key: '0' } });
    expect((await server.admin.get('/api/flows/hotline')).body.lint).toContainEqual(warning);
    const draft = await server.admin.get('/api/flows/hotline/draft');
    expect(draft.body.lint).toContainEqual(warning);
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: { ...keyedZero(), name: 'Hotline USSD' } });
    expect(saved.status).toBe(200);
    expect(saved.body.lint).toContainEqual(warning);
    const asked = await server.admin.post('/api/flows/hotline/publication-requests', { revision: saved.body.revision, targets: ['staging'], comment: 'USSD' });
    expect(asked.status).toBe(201);
    expect(asked.body.checks.lint).toContainEqual(warning);
  });

  it('lets the flow be published and promoted with these warnings: they do not block', async () => {
    const published = await server.admin.post('/api/flows/hotline/publish', { message: 'with a 0 key' });
    expect(published.status).toBe(201);
    expect((await server.admin.post('/api/flows/hotline/environments/staging', { version: published.body.number })).status).toBe(200);
    expect((await server.admin.post('/api/flows/hotline/environments/production', { version: published.body.number })).status).toBe(200);
  });
});
