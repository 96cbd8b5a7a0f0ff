import type { JsonValue } from '@griot/flows';
import { api } from '../api/client.ts';
import type { Role } from '../api/types.ts';

/** A user as `/api/users` shows it (never a password hash). */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
  mustChangePassword: boolean;
  /** The queues the user answers as an agent; null: every queue (none assigned yet). */
  queues: string[] | null;
}

/** An API token as `GET /api/tokens` lists it: never the token, never its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  userId: string;
  username: string | null;
  /** When it stops working; null: never. */
  expiresAt: string | null;
}

export interface TesterRoute {
  number: string;
  version?: number;
  locale?: string;
  /** The user who listed their own number (staging only, theirs to remove); absent when an admin did. */
  addedBy?: string;
  /** The admin who confirmed a user's own number; absent while it is pending (its calls run the binding's environment). */
  confirmedBy?: string;
  confirmedAt?: string;
}

export type EnvironmentName = 'staging' | 'production';

/** A binding as `/api/bindings` answers it, with the version each environment runs. */
export interface BindingView {
  id: string;
  channel: string;
  address: string;
  flowId: string;
  environment: EnvironmentName;
  testers: TesterRoute[];
  settings: Record<string, JsonValue>;
  createdAt: string;
  updatedAt: string;
  environments: { staging: number | null; production: number | null };
}

/** What `POST /api/bindings` and `PUT /api/bindings/:id` take. */
export interface BindingInput {
  channel: string;
  address: string;
  flowId: string;
  environment: EnvironmentName;
  testers: TesterRoute[];
  settings: Record<string, JsonValue>;
}

export interface NewUser {
  username: string;
  displayName?: string;
  /** Absent: the server makes one up and answers it once. */
  password?: string;
  roles: Role[];
  mustChangePassword?: boolean;
  /** An agent's queues; absent: every queue until an admin assigns some. */
  queues?: string[];
}

const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;

/** The administration routes of docs/api.md ("Auth and users", "Bindings"). */
export const adminApi = {
  users: () => api<AdminUser[]>('/api/users'),
  createUser: (input: NewUser) => api<AdminUser & { password?: string }>('/api/users', { body: input }),
  updateUser: (id: string, changes: { roles?: Role[]; disabled?: boolean; displayName?: string; queues?: string[] | null }) => api<AdminUser>(user(id), { method: 'PATCH', body: changes }),
  /** The contacts a user holds (taken, not closed): what disabling them would leave hanging. */
  openContacts: (id: string) => api<{ username: string; contacts: Array<{ id: string; queue: string; channel: string }> }>(`${user(id)}/open-contacts`),
  /** Puts them back to wait in their queue, for another agent (audited): all, or those outside the queues they are assigned now. */
  requeueContacts: (id: string, scope?: { outsideAssignment: true }) =>
    api<{ username: string; requeued: Array<{ id: string; queue: string }>; failed: string[] }>(`${user(id)}/requeue-contacts`, { method: 'POST', ...(scope ? { body: scope } : {}) }),
  /** Ends the user's browser sessions everywhere (and their API tokens with `revokeApiTokens`), without disabling them. */
  endSessions: (id: string, revokeApiTokens: boolean) => api<{ sessionsEnded: number; tokensRevoked: number }>(`${user(id)}/end-sessions`, { body: { revokeApiTokens } }),
  resetPassword: (id: string) => api<{ user: AdminUser; password: string }>(`${user(id)}/reset-password`, { method: 'POST' }),

  /** Revokes the user's API tokens unless `keepApiTokens`; the answer says how many went. */
  changeOwnPassword: (currentPassword: string, newPassword: string, keepApiTokens = false) =>
    api<{ user: AdminUser; sessionsEnded: number; tokensRevoked: number }>('/api/auth/password', { body: { currentPassword, newPassword, ...(keepApiTokens ? { keepApiTokens } : {}) } }),

  tokens: () => api<ApiTokenView[]>('/api/tokens'),
  /** `expiresInDays` null: a token that never expires. */
  createToken: (name: string, expiresInDays: number | null) => api<{ id: string; name: string; token: string; expiresAt: string | null }>('/api/tokens', { body: { name, expiresInDays } }),
  revokeToken: (id: string) => api<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  bindings: () => api<BindingView[]>('/api/bindings'),
  createBinding: (input: BindingInput) => api<BindingView>('/api/bindings', { body: input }),
  updateBinding: (id: string, input: BindingInput) => api<BindingView>(`/api/bindings/${encodeURIComponent(id)}`, { method: 'PUT', body: input }),
  deleteBinding: (id: string) => api<void>(`/api/bindings/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  addOwnTestNumber: (id: string, number: string) => api<BindingView>(`/api/bindings/${encodeURIComponent(id)}/own-test-numbers`, { body: { number } }),
  removeOwnTestNumber: (id: string, number: string) => api<BindingView>(`/api/bindings/${encodeURIComponent(id)}/own-test-numbers/${encodeURIComponent(number)}`, { method: 'DELETE' }),
  confirmOwnTestNumber: (id: string, number: string) => api<BindingView>(`/api/bindings/${encodeURIComponent(id)}/own-test-numbers/${encodeURIComponent(number)}/confirm`, { method: 'POST' }),
};
