import { createStore, useStore } from 'zustand';
import type { Role, User } from '../api/types.ts';
import { holdsRole } from './roles.ts';

/**
 * Who is signed in: undefined while asking the server, null when nobody is. `expired` names who
 * was signed in when the server stopped taking the session (it expired, or was revoked): the login
 * page says so, and offers to sign in again as them.
 */
export const sessionStore = createStore<{ user: User | null | undefined; expired: string | null; setUser(user: User | null): void; sessionEnded(): void }>()((set, get) => ({
  user: undefined,
  expired: null,
  // Anyone signed in, or signed out on purpose (« Se déconnecter »): no session to say ended. A
  // request refused while the sign-out was on its way (the inbox's stream, an autosave) said
  // `sessionEnded` first; the shared computer's login page must not then offer the name back.
  setUser: (user) => set({ user, expired: null }),
  sessionEnded: () => {
    const { user, expired } = get();
    set({ user: null, expired: user ? user.username : expired });
  },
}));

/** The signed-in user's id ('' when nobody is): what this browser keeps of theirs is kept under it. */
export function signedInUserId(): string {
  return sessionStore.getState().user?.id ?? '';
}

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
