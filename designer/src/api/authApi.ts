import { api } from './client.ts';
import type { User } from './types.ts';

export const authApi = {
  me: () => api<{ user: User }>('/api/auth/me').then((r) => r.user),
  /** Who is signed in, or null: 200 either way, so a page opened before login logs no 401. */
  session: () => api<{ user: User | null }>('/api/auth/session').then((r) => r.user),
  login: (username: string, password: string) => api<{ user: User }>('/api/auth/login', { body: { username, password } }).then((r) => r.user),
  logout: () => api<void>('/api/auth/logout', { method: 'POST' }),
  /** Ends every browser session of the user, this one included (their API tokens keep working). */
  logoutEverywhere: () => api<{ sessionsEnded: number; tokensRevoked: number }>('/api/auth/logout-everywhere', { body: {} }),
};
