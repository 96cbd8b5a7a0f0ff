import type { RecentLookups } from '@griot/flows';
import { api } from './client.ts';

export const lookupsApi = {
  recent: () => api<RecentLookups>('/api/lookups/recent'),
};
