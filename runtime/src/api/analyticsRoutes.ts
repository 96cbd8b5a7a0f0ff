import { Router, type Request, type Response } from 'express';
import type { FlowAnalytics } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { FlowAnalyticsQuery, FlowAnalyticsSchema, QueueAnalyticsQuery, QueueAnalyticsSchema, RecentLookupsSchema } from './schemas/analyticsSchemas.ts';
import { RECENT_LOOKUPS_MINUTES, recentLookups } from '../analytics/recentLookups.ts';
import type { AnalyticsConfig } from '../analytics/analyticsConfig.ts';
import { rolesAllow } from '../auth/roles.ts';
import { flowAnalytics } from '../analytics/flowAnalytics.ts';
import { queueAnalytics } from '../analytics/queueAnalytics.ts';
import { resolvePeriod } from '../analytics/resolvePeriod.ts';
import { FLOW_TABLE_FR, QUEUE_TABLE_FR, exitNames, periodEndRead, flowAnalyticsCsv, queueAnalyticsCsv, spreadsheetFileName, type CsvForm } from '../analytics/analyticsCsv.ts';

const TRAFFIC_FR: Record<string, string> = { live: 'appelants', test: 'testeurs', preview: 'simulateur' };
const fileStamp = (iso: string, timeZone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)).replace(' ', '-').replace(':', 'h');

/** The flow's figures without any agent's own (`csat.byAgent`). */
function withoutAgents(report: FlowAnalytics): FlowAnalytics {
  const { byAgent: _agents, ...csat } = report.csat;
  return { ...report, csat };
}

/** CSV when asked with `format=csv`, or by `Accept: text/csv` without a format. */
function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  return format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
}

function sendCsv(res: Response, name: string, body: string): void {
  const ascii = name.replace(/[^\x20-\x7e]|"/g, '_');
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('content-disposition', `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}.csv`)}`)
    .send(body);
}

/**
 * What callers do: a flow's figures (viewer: content editors read them on the canvas; its
 * satisfaction per agent for supervisors only) and the agent queues' (supervisor). JSON, or one
 * table as CSV.
 */
export function analyticsRoutes(store: Store, options: { registry: ApiRegistry; config: Pick<AnalyticsConfig, 'containmentWindowHours' | 'serviceLevelSeconds'>; now: () => string }): Router {
  const router = Router();
  const route = routeDefiner(router, options.registry);

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/analytics',
      operationId: 'getFlowAnalytics',
      tag: 'analytics',
      access: ['viewer'],
      summary: 'A flow’s figures over a period: contacts, outcomes, containment raw and corrected, per node, look-ups, CSAT, per hour, per version',
      query: FlowAnalyticsQuery,
      response: FlowAnalyticsSchema,
      errors: [404],
    },
    async ({ params, query, principal, req, res }) => {
      const flowId = params.id!;
      if (!(await store.getFlow(flowId))) throw notFound('flow_not_found', `no flow ${flowId}`, { context: { flowId } });
      const now = new Date(options.now());
      const period = resolvePeriod(query.from, query.to, now);
      const figures = await flowAnalytics(
        store,
        flowId,
        period,
        {
          traffic: query.traffic,
          ...(query.environment ? { environment: query.environment } : {}),
          ...(query.version ? { versions: query.version } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.locale ? { locale: query.locale } : {}),
        },
        { windowHours: options.config.containmentWindowHours, now },
      );
      // An agent's satisfaction scores are read where their other figures are: by supervisors (and admins), not by every reader of a flow.
      const report = rolesAllow(principal.roles, ['supervisor']) ? figures : withoutAgents(figures);
      if (!wantsCsv(req, query.format)) return report;
      if (query.dialect === 'plain') {
        sendCsv(res, `${flowId}-${query.table}`, flowAnalyticsCsv(report, query.table));
        return undefined;
      }
      const timeZone = query.tz ?? 'UTC';
      const draft = await store.getDraft(flowId);
      const labels = new Map((draft?.document.nodes ?? []).map((n) => [n.id, n.label || n.id]));
      const form: CsvForm = { dialect: 'excel-fr', timeZone, labels, exits: exitNames(draft?.document), readAt: now.toISOString() };
      const name = spreadsheetFileName([
        flowId,
        FLOW_TABLE_FR[query.table],
        `du-${fileStamp(report.period.from, timeZone)}`,
        `au-${fileStamp(periodEndRead(report.period.to, now.toISOString()), timeZone)}`,
        query.traffic.map((t) => TRAFFIC_FR[t] ?? t).join('+'),
        query.environment,
        query.version?.map((v) => (v === null ? 'brouillon' : `v${v}`)).join('+'),
        query.channel,
        query.locale,
      ]);
      sendCsv(res, name, flowAnalyticsCsv(report, query.table, form));
      return undefined;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/queues/analytics',
      operationId: 'getQueueAnalytics',
      tag: 'analytics',
      access: ['supervisor'],
      summary: 'Agent queues’ figures over a period: offered, answered, service level, abandoned, waits, callbacks, agents, per hour',
      query: QueueAnalyticsQuery,
      response: QueueAnalyticsSchema,
    },
    async ({ query, req, res }) => {
      const period = resolvePeriod(query.from, query.to, new Date(options.now()));
      const report = await queueAnalytics(
        store,
        period,
        {
          traffic: query.traffic,
          ...(query.queue ? { queue: query.queue } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
        },
        query.serviceLevelSeconds ?? options.config.serviceLevelSeconds,
      );
      if (!wantsCsv(req, query.format)) return report;
      if (query.dialect === 'plain') {
        sendCsv(res, `queues-${query.table}`, queueAnalyticsCsv(report, query.table));
        return undefined;
      }
      const timeZone = query.tz ?? 'UTC';
      const name = spreadsheetFileName([
        'files',
        QUEUE_TABLE_FR[query.table],
        `du-${fileStamp(report.period.from, timeZone)}`,
        `au-${fileStamp(periodEndRead(report.period.to, options.now()), timeZone)}`,
        query.traffic.map((t) => TRAFFIC_FR[t] ?? t).join('+'),
        query.queue,
        query.channel,
      ]);
      sendCsv(res, name, queueAnalyticsCsv(report, query.table, { dialect: 'excel-fr', timeZone, readAt: new Date(options.now()).toISOString() }));
      return undefined;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/lookups/recent',
      operationId: 'getRecentLookups',
      tag: 'analytics',
      access: ['supervisor'],
      summary: `How the operator's systems answered subscribers' look-ups in the last ${RECENT_LOOKUPS_MINUTES} minutes, per backend: counts, failures, the last outcome (never a number nor an answer)`,
      response: RecentLookupsSchema,
    },
    () => recentLookups(store, new Date(options.now())),
  );
  return router;
}
