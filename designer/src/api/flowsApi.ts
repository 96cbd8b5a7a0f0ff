import type { Flow, FlowDiff, TestReport } from '@griot/flows';
import { api } from './client.ts';
import type { ArchivedFlow, Binding, Draft, DuplicatedFlow, Environments, FlowDetails, FlowSummary, SaveDraftResult, TestCall, Version, VersionSummary } from './types.ts';

const at = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

/** The flow, draft, version and environment routes of docs/api.md. */
export const flowsApi = {
  list: () => api<FlowSummary[] | { flows: FlowSummary[] }>('/api/flows').then((r) => (Array.isArray(r) ? r : r.flows)),
  create: (document: unknown) => api<{ flow: { id: string } }>('/api/flows', { body: { document } }),
  get: (id: string) => api<FlowDetails>(at(id)),
  /** Deleting archives: 409 `flow_in_use` (body `usedBy`) while live, 403 `archive_needs_publisher`. */
  archive: (id: string, confirm: string) => api<ArchivedFlow>(at(id), { method: 'DELETE', body: { confirm } }),
  archived: () => api<ArchivedFlow[]>('/api/archived-flows'),
  restore: (id: string) => api<{ id: string; name: string }>(`/api/archived-flows/${encodeURIComponent(id)}/restore`, { method: 'POST' }),
  /**
   * « Dupliquer » / « Dupliquer cette version »: the server copies the draft (or version `version`)
   * with its recordings and test cases as one unit; 409 `flow_name_taken`, `audio_quota_full`…
   */
  duplicate: (id: string, copy: { name: string; version?: number }) => api<DuplicatedFlow>(`${at(id)}/duplicate`, { body: copy }),
  exportFlow: (id: string) => api<Record<string, unknown>>(`${at(id)}/export`),
  importFlow: (data: unknown, replace = false) => api<unknown>(`/api/flows/import${replace ? '?replace=true' : ''}`, { body: data }),

  draft: (id: string) => api<Draft>(`${at(id)}/draft`),
  /** The queues the saved draft's handoff nodes share with other live flows, and those flows. */
  sharedQueues: (id: string) => api<{ shared: { nodeId: string; queue: string; flows: { id: string; name: string }[] }[] }>(`${at(id)}/shared-queues`),
  /** The latest real calls from the flow's test numbers (admin-listed, and the user's own once confirmed). */
  testCalls: (id: string) => api<TestCall[]>(`${at(id)}/test-calls`),
  saveDraft: (id: string, revision: number, document: Flow) => api<SaveDraftResult>(`${at(id)}/draft`, { method: 'PUT', body: { revision, document } }),
  publish: (id: string, message: string, revision?: number, label?: string) =>
    api<VersionSummary>(`${at(id)}/publish`, { body: { message, ...(revision !== undefined ? { revision } : {}), ...(label ? { label } : {}) } }),
  /** Names a version ("Ramadan 2027"); null removes the name. */
  labelVersion: (id: string, n: number, label: string | null) => api<VersionSummary>(`${at(id)}/versions/${n}/label`, { method: 'PUT', body: { label } }),
  /** A page of versions: the newest `limit` (the server's 100 unless given) numbered below `before`, oldest first. */
  versions: (id: string, page: { limit?: number; before?: number } = {}) => {
    const query = new URLSearchParams({ ...(page.limit ? { limit: String(page.limit) } : {}), ...(page.before ? { before: String(page.before) } : {}) }).toString();
    return api<VersionSummary[] | { versions: VersionSummary[] }>(`${at(id)}/versions${query ? `?${query}` : ''}`).then((r) => (Array.isArray(r) ? r : r.versions));
  },
  version: (id: string, n: number) => api<Version>(`${at(id)}/versions/${n}`),
  diff: (id: string, from: number | 'draft', to: number | 'draft') => api<FlowDiff>(`${at(id)}/diff?from=${from}&to=${to}`),
  runTests: (id: string, version: number | 'draft') => api<TestReport>(`${at(id)}/tests/run`, { body: { version } }),

  environments: (id: string) => api<Environments>(`${at(id)}/environments`),
  promote: (id: string, environment: 'staging' | 'production', version: number) => api<unknown>(`${at(id)}/environments/${environment}`, { body: { version } }),
  rollback: (id: string) => api<unknown>(`${at(id)}/environments/production/rollback`, { method: 'POST' }),

  bindings: () => api<Binding[] | { bindings: Binding[] }>('/api/bindings').then((r) => (Array.isArray(r) ? r : r.bindings)),
};
