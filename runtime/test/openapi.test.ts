import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

type OpenApiDocument = { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, unknown>> };

/** Every component schema, compiled by ajv as a client generating validators from the document would. */
function componentValidators(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  // The document is one schema resource; its top-level OpenAPI members are not JSON Schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'components', 'paths']);
  ajv.addSchema({ ...doc, $id: 'https://griot.invalid/openapi.json' });
  return Object.fromEntries(
    Object.keys(doc.components.schemas).map((id) => [id, ajv.compile({ $ref: `https://griot.invalid/openapi.json#/components/schemas/${id}` })]),
  );
}

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
  });

  it('compiles every component schema with ajv, and they accept what the server accepts and answers', async () => {
    const validators = componentValidators(doc);
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
  });
});
