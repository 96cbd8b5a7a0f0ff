import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** The hotline whose balance option looks the caller up in `backend`, with `headers`. */
function lookingUp(backend: string, headers: Record<string, string>): FlowInput {
  const flow = { ...testFlow({ name: 'Hotline', withTests: false }), variables: [{ name: 'balance', type: 'string' }] } as FlowInput;
  flow.nodes.push({ id: 'lookup', type: 'http', backend, url: '/balance/{{caller.number}}', headers, responseMapping: [{ variable: 'balance', path: '$.balance' }] } as FlowInput['nodes'][number]);
  flow.edges = [
    ...(flow.edges ?? []).map((edge) => (edge.id === 'e2' ? { ...edge, target: 'lookup' } : edge)),
    ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `lookup-${output}`, source: 'lookup', output, target: 'balance' })),
  ];
  return flow;
}
const plain = (issues: Array<{ code: string }>) => issues.filter((i) => i.code === 'http.plainHttpSecret');

/**
 * A look-up sending a secret header to a backend the operator configured as plain http:// put the
 * token (and the caller's number) on the network in clear, and nothing said so.
 */
describe('a secret sent to a backend on plain http://', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        GRIOT_BACKENDS_STAGING: 'operator=http://is-test.operator.example,local=http://127.0.0.1:9/is',
        GRIOT_BACKENDS_PRODUCTION: 'operator=https://is.operator.example,local=http://localhost:9/is',
        GRIOT_FLOW_SECRETS: 'OPERATOR_TOKEN@operator,LOCAL_TOKEN@local',
        OPERATOR_TOKEN: 'operator-token-0123456789',
        LOCAL_TOKEN: 'local-token-0123456789',
      },
    });
    expect((await server.admin.post('/api/flows', { document: lookingUp('operator', { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' }) })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('is warned of in the draft and its save, naming the environment; the designer is told which backends are plain http', async () => {
    const draft = await server.admin.get('/api/flows/hotline/draft');
    expect(plain(draft.body.lint)).toEqual([
      expect.objectContaining({ severity: 'warning', node: 'lookup', field: 'headers.Authorization', params: { backend: 'operator', environments: 'staging' } }),
    ]);
    const backends = await server.admin.get('/api/backends');
    expect(backends.body.environments).toEqual({
      staging: [
        { name: 'local', secrets: ['LOCAL_TOKEN'], plainHttp: false },
        { name: 'operator', secrets: ['OPERATOR_TOKEN'], plainHttp: true },
      ],
      production: [
        { name: 'local', secrets: ['LOCAL_TOKEN'], plainHttp: false },
        { name: 'operator', secrets: ['OPERATOR_TOKEN'], plainHttp: false },
      ],
    });
    // No secret sent, or a backend on this machine: nothing crosses a network with a secret.
    for (const document of [lookingUp('operator', {}), lookingUp('local', { Authorization: 'Bearer {{secret.LOCAL_TOKEN}}' })]) {
      const current = await server.admin.get('/api/flows/hotline/draft');
      const saved = await server.admin.put('/api/flows/hotline/draft', { revision: current.body.revision, document });
      expect(saved.status).toBe(200);
      expect(plain(saved.body.lint ?? (await server.admin.get('/api/flows/hotline/draft')).body.lint)).toEqual([]);
    }
  });
});
