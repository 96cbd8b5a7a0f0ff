import { Router } from 'express';
import { z } from 'zod';
import type { BindingService } from '../bindings/bindingService.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { BindingInput, BindingSchema, OwnTestNumberInput, TestNumberSchema } from './schemas/bindingSchemas.ts';

const TAG = 'bindings';

/** Entry points: channel address → flow and environment, with tester overrides. */
export function createBindingRoutes(bindings: BindingService, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    { method: 'get', path: '/api/bindings', operationId: 'listBindings', summary: 'Bindings, with the version each environment runs', tag: TAG, access: ['viewer'], response: z.array(BindingSchema) },
    () => bindings.list(),
  );
  route(
    {
      method: 'get',
      path: '/api/test-numbers',
      operationId: 'listTestNumbers',
      summary:
        'The approved test numbers: the testers an admin listed on bindings, routed to staging when they call, and the only numbers a preview may call the real backends as (not the numbers users listed as their own)',
      tag: TAG,
      access: ['tester'],
      response: z.array(TestNumberSchema),
    },
    () => bindings.testNumbers(),
  );
  route(
    {
      method: 'post',
      path: '/api/bindings',
      operationId: 'createBinding',
      summary: 'Bind a channel address to a flow (409 when the address is taken)',
      tag: TAG,
      access: ['admin'],
      body: BindingInput,
      status: 201,
      response: BindingSchema,
      errors: [409],
    },
    ({ principal, body }) => bindings.create(principal, body),
  );
  route(
    {
      method: 'put',
      path: '/api/bindings/{id}',
      operationId: 'updateBinding',
      summary: 'Replace a binding',
      tag: TAG,
      access: ['admin'],
      body: BindingInput,
      response: BindingSchema,
      errors: [404, 409],
    },
    ({ principal, params, body }) => bindings.update(principal, params.id!, body),
  );
  route(
    { method: 'delete', path: '/api/bindings/{id}', operationId: 'deleteBinding', summary: 'Remove a binding', tag: TAG, access: ['admin'], status: 204, errors: [404] },
    async ({ principal, params }) => {
      await bindings.remove(principal, params.id!);
    },
  );
  route(
    {
      method: 'post',
      path: '/api/bindings/{id}/own-test-numbers',
      operationId: 'addOwnTestNumber',
      summary:
        "List your own phone as a test number of a binding, without an admin: pending until an admin confirms it, then its calls reach the flow's staging; a preview never calls the real backends as it. At most 3 per user at once and 10 adds a day (429 `own_test_numbers_daily_limit`); refused (403 `test_number_live_subscriber`) for a number that called a line in the last 30 days; after 5 such refusals in an hour, 429 `own_test_numbers_throttled` with Retry-After",
      tag: TAG,
      access: ['tester'],
      body: OwnTestNumberInput,
      status: 201,
      response: BindingSchema,
      errors: [403, 404, 409, 429],
    },
    ({ principal, params, body }) => bindings.addOwnTestNumber(principal, params.id!, body),
  );
  route(
    {
      method: 'delete',
      path: '/api/bindings/{id}/own-test-numbers/{number}',
      operationId: 'removeOwnTestNumber',
      summary: 'Remove a test number you listed yourself (404 for one an admin or another user listed)',
      tag: TAG,
      access: ['tester'],
      response: BindingSchema,
      errors: [404],
    },
    ({ principal, params }) => bindings.removeOwnTestNumber(principal, params.id!, params.number!),
  );
  route(
    {
      method: 'post',
      path: '/api/bindings/{id}/own-test-numbers/{number}/confirm',
      operationId: 'confirmOwnTestNumber',
      summary:
        "Confirm that a number a user listed as their own is theirs: until then it is pending and its calls run the binding's environment; from then on they reach staging. Previews still never call the real backends as it. Audited; confirming again changes nothing (404 `own_test_number_unknown` for a number no user listed there)",
      tag: TAG,
      access: ['admin'],
      response: BindingSchema,
      errors: [404],
    },
    ({ principal, params }) => bindings.confirmOwnTestNumber(principal, params.id!, params.number!),
  );
  return router;
}
