import type { ValidateFunction } from 'ajv';
import type { OpenApiDocument } from '../helpers/openApiValidators.ts';

/** One operation of the OpenAPI document, as the fuzz suite attacks it. */
export interface ApiTarget {
  name: string;
  method: string;
  /** OpenAPI path, `/api/flows/{id}`. */
  path: string;
  params: string[];
  queryNames: string[];
  access: 'public' | 'guarded';
  /** Top-level fields of the JSON body, when the operation takes one. */
  bodyFields: string[] | undefined;
  /** Whether a body satisfies the documented schema (such a request may rightly change data). */
  acceptsBody: ValidateFunction | undefined;
  /** GET: reading only. Others may change data when their input is right. */
  reads: boolean;
}

/** Every operation of the document, with what the suite needs to attack it. */
export function apiTargets(doc: OpenApiDocument, compile: (schema: unknown) => ValidateFunction): ApiTarget[] {
  const targets: ApiTarget[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = (operation.parameters ?? []) as Array<{ name: string; in: string }>;
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema as { $ref?: string } | undefined;
      targets.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryNames: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        access: Array.isArray(operation.security) && operation.security.length === 0 ? 'public' : 'guarded',
        bodyFields: bodySchema ? fieldsOf(doc, bodySchema) : undefined,
        acceptsBody: bodySchema ? compile(bodySchema) : undefined,
        reads: method === 'get',
      });
    }
  }
  return targets;
}

function fieldsOf(doc: OpenApiDocument, schema: { $ref?: string; properties?: Record<string, unknown> }): string[] {
  const resolved = schema.$ref ? (doc.components.schemas[schema.$ref.split('/').at(-1)!] as typeof schema | undefined) : schema;
  return Object.keys(resolved?.properties ?? {});
}

/** Fills `{param}` with values. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? 'unknown');
}
