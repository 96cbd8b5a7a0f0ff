import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('request validation and the API description', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: testFlow() });
  });
  afterAll(() => server.stop());

  it.each([
    ['POST', '/api/auth/login', { username: 'admin' }, 'password'],
    ['POST', '/api/users', { username: 'x y', password: 'long enough pw', roles: ['viewer'] }, 'username'],
    ['POST', '/api/users', { username: 'xavier', password: 'long enough pw', roles: ['wizard'] }, 'roles.0'],
    ['PUT', '/api/flows/hotline/draft', { document: testFlow() }, 'revision'],
    ['POST', '/api/flows/hotline/publish', { message: '' }, 'message'],
    ['POST', '/api/flows/hotline/environments/staging', { version: 'latest' }, 'version'],
    ['POST', '/api/flows/hotline/publish', { message: 'ok', extra: 1 }, 'body'],
    ['POST', '/api/flows/import', { format: 'zip' }, 'format'],
  ])('%s %s with a bad body → 400 naming %s', async (method, path, body, field) => {
    const answer = await server.admin.call(method, path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_body');
    expect(answer.body.error.field).toBe(field);
    expect(answer.body.error.message).toContain(field === 'body' ? 'extra' : field);
  });

  it('names the node and field of an invalid flow document', async () => {
    const document = testFlow({ id: 'bad' }) as { nodes: Array<Record<string, unknown>> };
    document.nodes[1]!.options = [];
    const answer = await server.admin.post('/api/flows', { document });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_flow', field: 'document.node:menu.options' });
    expect(answer.body.issues[0]).toMatchObject({ node: 'menu', field: 'options' });
  });

  it('refuses a draft whose id is not the flow id', async () => {
    const answer = await server.admin.put('/api/flows/hotline/draft', { revision: 1, document: testFlow({ id: 'other' }) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('document.id');
  });

  it('answers malformed JSON with 400 and unknown API routes with 404 JSON', async () => {
    const bad = await server.admin.call('POST', '/api/flows', '{"document":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const missing = await server.admin.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('route_not_found');
  });

  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const doc = await server.anonymous.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const draftPut = doc.body.paths['/api/flows/{id}/draft'].put;
    expect(draftPut.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SaveDraftBody');
    const saveBody = doc.body.components.schemas.SaveDraftBody;
    expect(saveBody.required).toEqual(['revision', 'document']);
    expect(saveBody.properties.document.$ref).toBe('#/components/schemas/Flow');
    expect(doc.body.components.schemas.Flow.properties.nodes.type).toBe('array');
    expect(draftPut.responses['409']).toBeDefined();
    expect(doc.body.paths['/api/flows/{id}/environments/production'].post['x-roles']).toEqual(['publisher']);
    expect(doc.body.paths['/api/flows/{id}/diff'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'from', 'to']);
  });

  it('answers 404, not a 500, to an agent route whose id is too long to exist', async () => {
    const long = 'x'.repeat(101);
    const contact = await server.admin.get(`/api/agent/contacts/${long}`);
    expect([contact.status, contact.body.error.code]).toEqual([404, 'contact_not_found']);
    const callback = await server.admin.post(`/api/agent/callbacks/${long}/take`);
    expect([callback.status, callback.body.error.code]).toEqual([404, 'callback_not_found']);
  });

  it('describes what every JSON route of the agent API answers', async () => {
    const doc = (await server.anonymous.get('/api/openapi.json')).body;
    const ref = (name: string) => `#/components/schemas/${name}`;
    const agentOperations = Object.values(doc.paths as Record<string, Record<string, any>>)
      .flatMap((operations) => Object.values(operations))
      .filter((op) => op.tags.includes('agents') && op.operationId !== 'agentEvents')
      // A route answering 204 has no JSON to describe (removing a canned reply).
      .filter((op) => !op.responses['204']);
    expect(agentOperations.length).toBeGreaterThanOrEqual(15);
    for (const op of agentOperations) {
      const success = op.responses['200'] ?? op.responses['201'];
      expect(success?.content?.['application/json']?.schema?.$ref, op.operationId).toMatch(/^#\/components\/schemas\//);
    }
    const answerOf = (path: string, method: string, status = '200') => doc.paths[path][method].responses[status].content['application/json'].schema.$ref;
    expect(answerOf('/api/agent/contacts/{id}/take', 'post')).toBe(ref('HandoffContact'));
    expect(answerOf('/api/agent/contacts/{id}/callback', 'post', '201')).toBe(ref('CallbackRequest'));
    expect(answerOf('/api/agent/queues/{queue}/settings', 'put')).toBe(ref('QueueSettings'));
    const { schemas } = doc.components;
    expect(schemas.ListAgentQueuesResponse.items.$ref).toBe(ref('QueueView'));
    expect(schemas.QueueView.properties.contacts.items.$ref).toBe(ref('BoardContact'));
    expect(schemas.QueueView.properties.settings.$ref).toBe(ref('QueueSettings'));
    expect(schemas.SupervisorViewResponse.items.$ref).toBe(ref('SupervisorRow'));
    expect(schemas.GetAgentContactResponse.properties.messages.items.$ref).toBe(ref('HandoffMessage'));
    expect(schemas.HandoffContact.properties.status.enum).toEqual(['waiting', 'assigned', 'closed']);
    expect(doc.paths['/api/agent/supervisor'].get['x-roles']).toEqual(['supervisor']);
  });
});
