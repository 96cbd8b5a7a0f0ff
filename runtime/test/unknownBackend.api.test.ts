import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** The hotline whose balance option first looks the caller up in `backend`. */
function lookingUp(backend: string, name = 'Hotline'): FlowInput {
  const flow = { ...testFlow({ name, withTests: false }), variables: [{ name: 'balance', type: 'string' }] } as FlowInput;
  flow.nodes.push({ id: 'lookup', type: 'http', backend, url: '/balance/{{caller.number}}', responseMapping: [{ variable: 'balance', path: '$.balance' }] } as FlowInput['nodes'][number]);
  flow.edges = [
    ...(flow.edges ?? []).map((edge) => (edge.id === 'e2' ? { ...edge, target: 'lookup' } : edge)),
    ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `lookup-${output}`, source: 'lookup', output, target: 'balance' })),
  ];
  return flow;
}
const unknownBackend = (issues: Array<{ code: string }>) => issues.filter((i) => i.code === 'http.unknownBackend');

// Review of walk23: `http.unknownBackend` was only said by the designer, from `GET /api/backends`.
// The server's own answers (the draft, its save, a publication request a publisher approves from)
// never said it: a flow naming a backend the server lacks, saved or published through the API or
// reviewed by a publisher, went to production unsaid, each of its look-ups taking the error output.
describe('a look-up naming a backend the server does not have, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { GRIOT_BACKENDS_STAGING: 'operator=https://is-test.operator.example,billing=https://billing-test.operator.example', GRIOT_BACKENDS_PRODUCTION: 'operator=https://is.operator.example' },
    });
    expect((await server.admin.post('/api/flows', { document: lookingUp('operator') })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('says nothing of a backend both environments have', async () => {
    expect(unknownBackend((await server.admin.get('/api/flows/hotline/draft')).body.lint)).toEqual([]);
  });

  it('warns of a misspelt backend in the draft, its save and the publication request a publisher reviews, naming the environments and the backends there are', async () => {
    const draft = await server.admin.get('/api/flows/hotline/draft');
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: lookingUp('biling', 'Hotline (typo)') });
    expect(saved.status).toBe(200);
    const warning = expect.objectContaining({ severity: 'warning', node: 'lookup', field: 'backend', params: { backend: 'biling', environments: 'staging, production', known: 'billing, operator' } });
    expect(unknownBackend(saved.body.lint)).toEqual([warning]);
    expect(unknownBackend((await server.admin.get('/api/flows/hotline/draft')).body.lint)).toEqual([warning]);
    const asked = await server.admin.post('/api/flows/hotline/publication-requests', { revision: saved.body.revision, targets: ['production'], comment: 'solde' });
    expect(asked.status).toBe(201);
    expect(unknownBackend(asked.body.checks.lint)).toEqual([warning]);
  });

  it('warns of a backend only staging has, for production alone; a warning does not block publishing', async () => {
    const draft = await server.admin.get('/api/flows/hotline/draft');
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: lookingUp('billing', 'Hotline (billing)') });
    expect(unknownBackend(saved.body.lint)).toEqual([expect.objectContaining({ params: expect.objectContaining({ backend: 'billing', environments: 'production' }) })]);
    expect((await server.admin.post('/api/flows/hotline/publish', { message: 'billing' })).status).toBe(201);
  });
});
