import { authApi } from '../api/authApi.ts';
import { forgetOnSignOut, holdsCopiedNodes } from './deviceTraces.ts';
import { sessionStore } from './sessionStore.ts';

/**
 * Signed out on purpose (« Se déconnecter », « Se déconnecter partout »): this browser forgets
 * the user's copies, unsent edits and simulator numbers (deviceTraces.ts), and the system
 * clipboard stops holding the nodes they copied, for the next person on a shared computer.
 */
export function signedOut(): void {
  if (holdsCopiedNodes()) {
    // Only when they copied nodes here: the clipboard may hold them. Best effort (no focus, no permission).
    void navigator.clipboard?.writeText('').catch(() => {});
  }
  forgetOnSignOut();
  sessionStore.getState().setUser(null);
}

/** « Se déconnecter »: the session ends on the server, then here (also when the server could not be reached: this browser forgets it all the same). */
export async function signOut(): Promise<void> {
  await authApi.logout().catch(() => undefined);
  signedOut();
}
