import { createStore, useStore } from 'zustand';
import type { Role, User } from '../api/types.ts';
import { holdsRole } from './roles.ts';

/** Who is signed in: undefined while asking the server, null when nobody is. */
export const sessionStore = createStore<{ user: User | null | undefined; setUser(user: User | null): void }>()((set) => ({
  user: undefined,
  setUser: (user) => set({ user }),
}));

export function useUser(): User | null | undefined {
  return useStore(sessionStore, (s) => s.user);
}

/** Role checks as docs/api.md gives them; admin can do everything. */
export const can = {
  edit: (user: User | null | undefined) => hasRole(user, 'editor'),
  publish: (user: User | null | undefined) => hasRole(user, 'editor'),
  /** Editors, and publishers (who vet a version with look-ups by putting it there). */
  promoteStaging: (user: User | null | undefined) => hasRole(user, 'editor') || hasRole(user, 'publisher'),
  promoteProduction: (user: User | null | undefined) => hasRole(user, 'publisher'),
  rollback: (user: User | null | undefined) => hasRole(user, 'publisher'),
  /** Editors archive flows that never ran in production, publishers any (the server decides). */
  archive: (user: User | null | undefined) => hasRole(user, 'editor') || hasRole(user, 'publisher'),
  manageArchive: (user: User | null | undefined) => hasRole(user, 'admin'),
  preview: (user: User | null | undefined) => hasRole(user, 'tester') || hasRole(user, 'editor') || hasRole(user, 'publisher'),
  readFlows: (user: User | null | undefined) => hasRole(user, 'viewer'),
  /** The agent inbox (supervisors too). */
  work: (user: User | null | undefined) => hasRole(user, 'agent'),
  supervise: (user: User | null | undefined) => hasRole(user, 'supervisor'),
};

/** With the roles the server implies (a supervisor is an agent too, an editor reads). */
function hasRole(user: User | null | undefined, role: Role): boolean {
  return holdsRole(user, role);
}
