import { Router } from 'express';
import { z } from 'zod';
import type { FlowService } from '../flows/flowService.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { ClearedEnvironmentSchema, EnvironmentsSchema, PromoteBody, PromotionSchema, RollbackSchema } from './schemas/flowSchemas.ts';

const TAG = 'environments';

/**
 * What a version's reach depends on beyond the flow: a messaging conversation on a line that sets
 * no inactivity of its own starts over (on the version then in place) after this server's
 * GRIOT_SESSION_TTL_MINUTES, which the publishing dialogs say rather than a documented default.
 */
const EnvironmentsWithInactivitySchema = EnvironmentsSchema.extend({
  inactivityMinutes: z.number().int().describe('Minutes without a message after which a conversation starts over, on lines that set none (GRIOT_SESSION_TTL_MINUTES)'),
});

/** Staging and production pointers: promote (production only once tests pass) and roll back. */
export function createEnvironmentRoutes(flows: FlowService, registry: ApiRegistry, options: { inactivityMinutes: number }): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/environments',
      operationId: 'getEnvironments',
      summary: 'The version staging and production run',
      tag: TAG,
      access: ['viewer'],
      response: EnvironmentsWithInactivitySchema,
      errors: [404],
    },
    async ({ params }) => {
      await flows.getDraft(params.id!); // 404 for an unknown flow
      return { ...(await flows.environments(params.id!)), inactivityMinutes: options.inactivityMinutes };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/environments/staging',
      operationId: 'promoteToStaging',
      summary:
        'Point staging at a version (422 when it would send a secret where it must not go; 403 `staging_needs_publisher` when an editor points it at a version with a look-up no publisher vetted)',
      tag: TAG,
      // A publisher vets a version by putting it in staging (flows/promoteVersion.ts).
      access: ['editor', 'publisher'],
      body: PromoteBody,
      response: PromotionSchema,
      errors: [403, 404, 409, 422],
    },
    ({ principal, params, body }) => flows.promote(principal, params.id!, 'staging', body.version),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/environments/production',
      operationId: 'promoteToProduction',
      summary: 'Point production at a version once its test cases pass (422 with the failing cases otherwise, or when it would send a secret where it must not go)',
      tag: TAG,
      access: ['publisher'],
      body: PromoteBody,
      response: PromotionSchema,
      errors: [404, 409, 422],
    },
    ({ principal, params, body }) => flows.promote(principal, params.id!, 'production', body.version),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/environments/production/rollback',
      operationId: 'rollbackProduction',
      summary: 'Put production back on the version it ran before (422 when that version would send a secret where it must not go)',
      tag: TAG,
      access: ['publisher'],
      response: RollbackSchema,
      errors: [404, 409, 422],
    },
    ({ principal, params }) => flows.rollback(principal, params.id!),
  );
  for (const [name, access] of [
    ['staging', 'editor'],
    ['production', 'publisher'],
  ] as const) {
    route(
      {
        method: 'delete',
        path: `/api/flows/{id}/environments/${name}`,
        operationId: `clear${name === 'staging' ? 'Staging' : 'Production'}`,
        tag: TAG,
        summary: `Take the flow out of ${name} (409 \`environment_in_use\` while a binding sends callers there)`,
        access: [access],
        response: ClearedEnvironmentSchema,
        errors: [404, 409],
      },
      ({ principal, params }) => flows.clearEnvironment(principal, params.id!, name),
    );
  }
  return router;
}
