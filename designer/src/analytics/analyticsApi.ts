import { api } from '../api/client.ts';
import type { FlowAnalytics, QueueAnalytics } from '@griot/flows';

const flowPath = (flowId: string) => `/api/flows/${encodeURIComponent(flowId)}/analytics`;

export type FlowCsvTable = 'nodes' | 'summary' | 'series' | 'versions' | 'csat';
export const FLOW_CSV_TABLES: readonly FlowCsvTable[] = ['nodes', 'summary', 'series', 'versions', 'csat'];

/** The analytics routes of docs/api.md ("Analytics"). */
export const analyticsApi = {
  flow: (flowId: string, query: URLSearchParams) => api<FlowAnalytics>(`${flowPath(flowId)}?${query}`),
  /** Supervisors only. `from` alone: up to now. */
  queues: (query: URLSearchParams) => api<QueueAnalytics>(`/api/queues/analytics?${query}`),
  /** A link the browser downloads with the session cookie: one table as CSV. */
  flowCsvUrl: (flowId: string, query: URLSearchParams, table: FlowCsvTable) => {
    const csv = new URLSearchParams(query);
    csv.set('format', 'csv');
    csv.set('table', table);
    return `${flowPath(flowId)}?${csv}`;
  },
};
