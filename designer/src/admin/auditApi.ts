import type { JsonValue } from '@griot/flows';
import { api } from '../api/client.ts';

/** An entry of `GET /api/audit` (secrets never in it; the server masks any it would find). */
export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details?: Record<string, JsonValue>;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  /** `flow:<id>` and the like. */
  target?: string;
  /** ISO instants: from included, to excluded. */
  from?: string;
  to?: string;
}

export interface BackupView {
  name: string;
  at: string;
  bytes: number;
  encrypted: boolean;
  contents: { createdAt: string; flows: number; versions: number; bindings: number; users: number; auditEntries: number; audioFiles: number } | null;
}

export const AUDIT_PAGE = 50;

export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/** The audit log and backups routes (docs/api.md, "Audit" and "Backups"). */
export const auditApi = {
  page: (filters: AuditFilters, before?: string) => api<AuditEntryView[]>(`/api/audit?${auditQuery(filters, { limit: String(AUDIT_PAGE), ...(before ? { before } : {}) })}`),
  csvUrl: (filters: AuditFilters) => `/api/audit?${auditQuery(filters, { format: 'csv' })}`,
  backups: () => api<{ backups: BackupView[]; schedule: string | null; restoreCommand: string }>('/api/backups'),
  backUpNow: () => api<BackupView>('/api/backups', { method: 'POST', body: {} }),
  downloadUrl: (name: string) => `/api/backups/${encodeURIComponent(name)}`,
};
