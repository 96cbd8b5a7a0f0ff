import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { openApiValidators, type OpenApiDocument } from './helpers/openApiValidators.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('the OpenAPI document', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    server = await startTestServer();
    doc = (await server.anonymous.get('/api/openapi.json')).body;
  });
  afterAll(() => server.stop());

  it('is valid OpenAPI 3.1 for a standard validator, every $ref resolving', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('__shared');
  }, 30_000);

  it('compiles every component schema with ajv, and they accept what the server accepts and answers', async () => {
    const validators = openApiValidators(doc).components();
    expect(Object.keys(validators).length).toBeGreaterThan(20);

    const binding = { channel: 'voice', address: '1919', flowId: 'hotline', settings: { voice: { language: 'fr-FR', extra: [1, { deep: [null, true] }] } } };
    expect(validators.BindingInput!(binding), JSON.stringify(validators.BindingInput!.errors)).toBe(true);
    expect(validators.BindingInput!({ ...binding, settings: { bad: undefined, fn: 'ok' }, surprise: 1 })).toBe(false);
    expect(validators.Flow!(testFlow()), JSON.stringify(validators.Flow!.errors)).toBe(true);

    await server.admin.post('/api/flows', { document: testFlow() });
    const created = await server.admin.post('/api/bindings', binding);
    expect(created.status).toBe(201);
    const listed = await server.admin.get('/api/bindings');
    expect(validators.ListBindingsResponse!(listed.body), JSON.stringify(validators.ListBindingsResponse!.errors)).toBe(true);
    const refused = await server.admin.post('/api/bindings', { ...binding, surprise: 1 });
    expect(validators.Error!(refused.body), JSON.stringify(validators.Error!.errors)).toBe(true);
  }, 60_000);
});
