import { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { AuditEntrySchema, AuditQuery } from './schemas/bindingSchemas.ts';

/** Who changed what and when, newest first; `target` is `flow:<id>`, `binding:<id>`, `user:<id>`… */
export function createAuditRoutes(store: Store, registry: ApiRegistry): Router {
  const router = Router();
  routeDefiner(router, registry)(
    { method: 'get', path: '/api/audit', operationId: 'listAudit', summary: 'Audit log, newest first', tag: 'audit', access: ['admin'], query: AuditQuery, response: z.array(AuditEntrySchema) },
    ({ query }) => store.listAudit({ ...(query.target ? { target: query.target } : {}), limit: query.limit }),
  );
  return router;
}
