import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRegistry } from './apiRegistry.ts';
import { buildOpenApi } from './buildOpenApi.ts';

describe('buildOpenApi', () => {
  it('turns a recursive schema without a name into a component of its own, so every $ref resolves', async () => {
    const registry = new ApiRegistry();
    const Tree = z.object({ label: z.string(), data: z.json() }).strict();
    registry.add({ method: 'post', path: '/api/trees', operationId: 'plantTree', summary: 'Plant', tag: 'trees', access: 'any', body: Tree, status: 201, errors: [] });
    const doc = buildOpenApi(registry, { version: '1.0.0' }) as { components: { schemas: Record<string, any> } };
    const text = JSON.stringify(doc);
    expect(text).not.toContain('__shared');
    expect(doc.components.schemas.PlantTreeBody.properties.data.$ref).toMatch(/^#\/components\/schemas\/Shared\w+$/);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });
});
