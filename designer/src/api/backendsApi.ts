import type { LintContext } from '@griot/flows';
import { api } from './client.ts';

export interface BackendView {
  name: string;
  /** The secrets an http node may send to this backend. */
  secrets: string[];
  /** Its address is plain http:// to another machine (absent from an older server). */
  plainHttp?: boolean;
}

/** `GET /api/backends`: names and rules, never a secret's value nor a backend's URL. */
export interface Backends extends Required<LintContext> {
  environments: { staging: BackendView[]; production: BackendView[] };
}

export const backendsApi = {
  get: () => api<Backends>('/api/backends'),
};
