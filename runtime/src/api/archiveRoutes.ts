import { Router } from 'express';
import { z } from 'zod';
import type { FlowService } from '../flows/flowService.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { ArchivedFlowSchema, FlowRecordSchema } from './schemas/flowSchemas.ts';

const TAG = 'flows';

/**
 * The archive of deleted flows (admin): list and restore. Its own path rather than under
 * /api/flows/{id}, where a flow could be called "archived".
 */
export function createArchiveRoutes(flows: FlowService, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    {
      method: 'get',
      path: '/api/archived-flows',
      operationId: 'listArchivedFlows',
      summary: 'Archived (deleted) flows, newest first, with when they will be purged',
      tag: TAG,
      access: ['admin'],
      response: z.array(ArchivedFlowSchema),
    },
    () => flows.listArchived(),
  );
  route(
    {
      method: 'post',
      path: '/api/archived-flows/{id}/restore',
      operationId: 'restoreFlow',
      summary: 'Bring an archived flow back (draft, versions, history; no environment or binding)',
      tag: TAG,
      access: ['admin'],
      response: FlowRecordSchema,
      errors: [404, 409],
    },
    ({ principal, params }) => flows.restore(principal, params.id!),
  );
  return router;
}
