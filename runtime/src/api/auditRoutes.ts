import { Router } from 'express';
import { z } from 'zod';
import { auditCsv } from '../audit/auditCsv.ts';
import { auditView } from '../audit/auditView.ts';
import { invalid } from '../errors.ts';
import type { AuditEntry, AuditFilter, Store } from '../store/types.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { AuditEntrySchema, AuditQuery } from './schemas/bindingSchemas.ts';

/** What one CSV export holds at most (pages of 1,000 read one after another). */
export const AUDIT_CSV_MAX = 10_000;

const instant = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso).toISOString());

/**
 * Who changed what and when, newest first; `target` is `flow:<id>`, `binding:<id>`, `user:<id>`…
 * Admins only: it names who logged in from which address, whom an admin reset or erased. A
 * supervisor runs queues and has their own figures; the trail of every account is not theirs.
 */
export function createAuditRoutes(store: Store, registry: ApiRegistry): Router {
  const router = Router();
  routeDefiner(router, registry)(
    {
      method: 'get',
      path: '/api/audit',
      operationId: 'listAudit',
      summary: 'Audit log, newest first: filter by target, actor, action and period; the next page with `before` = the last id; `format=csv` to export',
      tag: 'audit',
      access: ['admin'],
      query: AuditQuery,
      response: z.array(AuditEntrySchema),
      errors: [400],
    },
    async ({ query, res }) => {
      const filter: Omit<AuditFilter, 'limit'> = {
        ...(query.target ? { target: query.target } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.from ? { from: instant(query.from) } : {}),
        ...(query.to ? { to: instant(query.to) } : {}),
        ...(query.before ? { before: query.before } : {}),
      };
      if (filter.from && filter.to && filter.from >= filter.to) throw invalid('invalid_period', 'the period must start before it ends', { field: 'from' });
      if (query.format !== 'csv') return (await store.listAudit({ ...filter, limit: query.limit })).map(auditView);
      const entries: AuditEntry[] = [];
      let before = filter.before;
      while (entries.length < AUDIT_CSV_MAX) {
        const page = await store.listAudit({ ...filter, ...(before ? { before } : {}), limit: Math.min(1000, AUDIT_CSV_MAX - entries.length) });
        entries.push(...page.map(auditView));
        if (page.length < 1000) break;
        before = page.at(-1)?.id;
      }
      res.status(200).type('text/csv; charset=utf-8').set('cache-control', 'no-store').set('content-disposition', 'attachment; filename="griot-audit.csv"').send(auditCsv(entries));
      return undefined;
    },
  );
  return router;
}
