import type { LintIssue } from '@griot/flows';
import { api } from './client.ts';

export type PublicationStatus = 'pending' | 'approving' | 'approved' | 'refused' | 'withdrawn' | 'superseded';
export type PublicationTarget = 'staging' | 'production';

/** A request that a publisher publish a draft (docs/api.md, "Publication requests"). */
export interface PublicationRequest {
  id: string;
  flowId: string;
  flowName: string;
  draftRevision: number;
  currentRevision: number | null;
  outdated: boolean;
  targets: PublicationTarget[];
  comment: string;
  requestedBy: string;
  requestedAt: string;
  status: PublicationStatus;
  updatedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  version?: number;
}

export interface PublicationRequestDetail extends PublicationRequest {
  checks: { lint: LintIssue[]; tests: { total: number; passed: number; failed: number; failures: { name: string; failures: string[] }[] } } | null;
  environments: { staging: number | null; production: number | null };
}

const of = (flowId: string) => `/api/flows/${encodeURIComponent(flowId)}/publication-requests`;
const one = (flowId: string, id: string) => `${of(flowId)}/${encodeURIComponent(id)}`;

export const publicationApi = {
  ask: (flowId: string, body: { targets: PublicationTarget[]; comment: string; revision: number }) => api<PublicationRequestDetail>(of(flowId), { body }),
  ofFlow: (flowId: string) => api<PublicationRequest[]>(of(flowId)),
  /** Everyone's open requests (publishers), or the caller's own (`mine`). */
  list: (filter: { open?: boolean; mine?: boolean }) =>
    api<PublicationRequest[]>(`/api/publication-requests?${new URLSearchParams({ ...(filter.open ? { open: 'true' } : {}), ...(filter.mine ? { mine: 'true' } : {}) })}`),
  get: (flowId: string, id: string) => api<PublicationRequestDetail>(one(flowId, id)),
  approve: (flowId: string, id: string) => api<PublicationRequestDetail>(`${one(flowId, id)}/approve`, { method: 'POST' }),
  refuse: (flowId: string, id: string, reason: string) => api<PublicationRequestDetail>(`${one(flowId, id)}/refuse`, { body: { reason } }),
  withdraw: (flowId: string, id: string) => api<PublicationRequestDetail>(`${one(flowId, id)}/withdraw`, { method: 'POST' }),
};
