import { z } from 'zod';
import type { ApiRegistry, RouteDoc } from './apiRegistry.ts';
import { documentedAs, namedSchemas } from '../schemas/namedSchemas.ts';

const REF = (id: string) => `#/components/schemas/${id}`;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'The request is invalid (the error names the field)',
  401: 'Not logged in',
  403: 'The role does not allow this',
  404: 'Not found',
  409: 'Conflict with the current state',
  422: 'Refused by a rule (lint, tests)',
  429: 'Too many failed attempts: wait Retry-After seconds',
  500: 'Bug',
  502: 'A dependency failed',
  503: 'A dependency is unavailable',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * OpenAPI 3.1 from the routes' own zod schemas: request bodies, query strings and responses go
 * through `z.toJSONSchema` in one registry, so shared schemas (Flow, Draft…) become components.
 */
export function buildOpenApi(registry: ApiRegistry, info: { version: string }): Record<string, unknown> {
  const schemas = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(namedSchemas)) schemas.add(schema, { id });
  const refOf = (schema: z.ZodType, fallbackId: string) => {
    const existing = schemas.get(schema)?.id;
    if (!existing) schemas.add(schema, { id: fallbackId });
    return { $ref: REF(existing ?? fallbackId) };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) {
    const operation = describeOperation(route, refOf);
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  const generated = z.toJSONSchema(schemas, {
    uri: REF,
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const id = documentedAs.get(zodSchema);
      if (id) jsonSchema.$ref = REF(id);
    },
  });
  const components = liftSharedDefinitions(Object.fromEntries(Object.entries(generated.schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema])));
  return {
    openapi: '3.1.0',
    info: { title: 'Griot API', version: info.version, description: 'IVR and bot flows: design, publish, promote, preview. See docs/api.md.' },
    servers: [{ url: '/' }],
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'griot_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token or GRIOT_ADMIN_TOKEN' },
      },
    },
    paths,
  };
}

function describeOperation(route: RouteDoc, refOf: (schema: z.ZodType, id: string) => { $ref: string }): Record<string, unknown> {
  const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  for (const [name, field] of Object.entries(route.query?.shape ?? {})) {
    const { $schema: _s, ...schema } = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' });
    parameters.push({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema });
  }
  const responses: Record<string, unknown> = {
    [route.status]: route.response
      ? { description: STATUS_TEXT[route.status] ?? 'OK', content: { 'application/json': { schema: refOf(route.response, `${capitalize(route.operationId)}Response`) } } }
      : { description: STATUS_TEXT[route.status] ?? 'OK' },
  };
  const errorStatuses = new Set([...route.errors, ...(route.body || route.query ? [400] : []), ...(route.access === 'public' ? [] : [401, 403, 429]), 500]);
  for (const status of [...errorStatuses].sort()) {
    responses[status] = { description: STATUS_TEXT[status] ?? 'Error', content: { 'application/json': { schema: { $ref: REF('Error') } } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.access === 'public' ? { security: [] } : { security: [{ session: [] }, { bearer: [] }] }),
    ...(Array.isArray(route.access) ? { 'x-roles': route.access } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(route.body, `${capitalize(route.operationId)}Body`) } } } } : {}),
    responses,
  };
}

const SHARED = '__shared';

/**
 * zod puts a recursive schema that has no name of its own (`z.json()`, a `z.lazy` tree) in a
 * `__shared` pseudo-schema and refers to it as `#/components/schemas/__shared#/$defs/schema0`,
 * which is no JSON pointer at all: validators and code generators reject the document. Name
 * such schemas in `namedSchemas` (as `JsonValue` is); any left over become components of their
 * own (`SharedSchema0`), so the document stays valid.
 */
function liftSharedDefinitions(components: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const shared = components[SHARED]?.$defs as Record<string, unknown> | undefined;
  if (!shared) return components;
  const { [SHARED]: _shared, ...rest } = components;
  const renamed = new Map(Object.keys(shared).map((key) => [`${REF(SHARED)}#/$defs/${key}`, REF(`Shared${capitalize(key)}`)]));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? (renamed.get(v) ?? v) : rewrite(v)]));
  };
  const lifted = Object.fromEntries(Object.entries(shared).map(([key, schema]) => [`Shared${capitalize(key)}`, schema]));
  return rewrite({ ...rest, ...lifted }) as Record<string, unknown>;
}
