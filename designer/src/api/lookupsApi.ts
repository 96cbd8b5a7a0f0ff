import { api } from './client.ts';

/** One backend's look-ups in the last minutes (`GET /api/lookups/recent`): counts and outcomes, never an answer. */
export interface BackendLookups {
  backend: string;
  total: number;
  failed: number;
  last: { outcome: string; at: string };
  lastFailedAt?: string;
}

export interface RecentLookups {
  from: string;
  to: string;
  backends: BackendLookups[];
}

export const lookupsApi = {
  recent: () => api<RecentLookups>('/api/lookups/recent'),
};
