import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../api/types.ts';
import { sessionStore } from './sessionStore.ts';

const awa = { username: 'awa', roles: ['editor'] } as unknown as User;

describe('the session said ended on the login page', () => {
  afterEach(() => sessionStore.setState({ user: undefined, expired: null }));

  it('names who was signed in when the server stopped taking the session', () => {
    sessionStore.getState().setUser(awa);
    sessionStore.getState().sessionEnded();
    expect(sessionStore.getState()).toMatchObject({ user: null, expired: 'awa' });
  });

  it('says nothing, and offers no name, after a sign-out a request was refused during', () => {
    sessionStore.getState().setUser(awa);
    // « Se déconnecter »: the server ends the session; the inbox's stream (or an autosave) is refused before the sign-out's answer is read.
    sessionStore.getState().sessionEnded();
    sessionStore.getState().setUser(null);
    expect(sessionStore.getState()).toMatchObject({ user: null, expired: null });
  });
});
