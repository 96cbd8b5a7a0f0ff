import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  components: { schemas: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, Record<string, any>>>;
}

const BASE = 'https://griot.invalid/openapi.json';

/**
 * Every component schema of the document compiled by ajv (strict, JSON Schema 2020-12, formats
 * checked), as a client generating validators from `/api/openapi.json` would; plus a compiler
 * for any schema of the document (a request body's `{ $ref }`).
 */
export function openApiValidators(doc: OpenApiDocument): { components: () => Record<string, ValidateFunction>; compile: (schema: unknown) => ValidateFunction } {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  // The document is one schema resource; its top-level OpenAPI members are not JSON Schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'components', 'paths']);
  ajv.addSchema({ ...doc, $id: BASE });
  const compile = (schema: unknown) => {
    const ref = (schema as { $ref?: string }).$ref;
    return ajv.compile(ref?.startsWith('#') ? { $ref: `${BASE}${ref}` } : (schema as object));
  };
  return {
    // Compiling them all takes seconds: only when asked.
    components: () => Object.fromEntries(Object.keys(doc.components.schemas).map((id) => [id, compile({ $ref: `#/components/schemas/${id}` })])),
    compile,
  };
}
