import { api } from '../api/client.ts';
import type { FlowAnalytics, QueueAnalytics } from '@griot/flows';

const flowPath = (flowId: string) => `/api/flows/${encodeURIComponent(flowId)}/analytics`;

export type FlowCsvTable = 'nodes' | 'summary' | 'series' | 'versions' | 'csat';
export const FLOW_CSV_TABLES: readonly FlowCsvTable[] = ['nodes', 'summary', 'series', 'versions', 'csat'];

export type QueueCsvTable = 'queues' | 'series' | 'agents';

/** This browser's time zone: the one the dashboard's times are shown in. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function spreadsheetCsv(query: URLSearchParams, table: string): URLSearchParams {
  const csv = new URLSearchParams(query);
  csv.set('format', 'csv');
  csv.set('table', table);
  csv.set('dialect', 'excel-fr');
  csv.set('tz', browserTimeZone());
  return csv;
}

/** The analytics routes of docs/api.md ("Analytics"). */
export const analyticsApi = {
  flow: (flowId: string, query: URLSearchParams) => api<FlowAnalytics>(`${flowPath(flowId)}?${query}`),
  /** Supervisors only. `from` alone: up to now. */
  queues: (query: URLSearchParams) => api<QueueAnalytics>(`/api/queues/analytics?${query}`),
  /**
   * A link the browser downloads with the session cookie: one table as CSV in the spreadsheet form
   * (French Excel: `;`, decimal commas, percentages, this browser's local times, the filters in the
   * file's name).
   */
  flowCsvUrl: (flowId: string, query: URLSearchParams, table: FlowCsvTable) => `${flowPath(flowId)}?${spreadsheetCsv(query, table)}`,
  /** The same for the agent queues' figures (supervisors). */
  queuesCsvUrl: (query: URLSearchParams, table: QueueCsvTable = 'queues') => `/api/queues/analytics?${spreadsheetCsv(query, table)}`,
};
