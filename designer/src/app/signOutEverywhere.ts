/** What « Se déconnecter partout » needs: the call, and what the app does after it. */
export interface SignOutEverywhereDeps {
  call: () => Promise<unknown>;
  /** The app forgets the user: the login page shows. */
  signedOut: () => void;
  /** Says the sessions were not ended (in the user's language: the API error's message). */
  failed: (message: string) => void;
}

/**
 * « Se déconnecter partout »: the login page shows only once the server ended the sessions. When
 * the call fails (the server unreachable, a 503 while its store is down) the user stays signed in
 * here and is told: shown the login page, they would believe the session left open on another
 * computer was closed while it still works. A 401 means this session had already ended.
 */
export async function signOutEverywhere(deps: SignOutEverywhereDeps): Promise<boolean> {
  try {
    await deps.call();
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) {
      deps.signedOut();
      return true;
    }
    deps.failed(error instanceof Error ? error.message : String(error));
    return false;
  }
  deps.signedOut();
  return true;
}
