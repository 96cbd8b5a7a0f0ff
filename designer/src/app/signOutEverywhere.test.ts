import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { signOutEverywhere } from './signOutEverywhere.ts';

function run(call: () => Promise<unknown>) {
  const seen = { signedOut: false, failed: [] as string[] };
  const done = signOutEverywhere({ call, signedOut: () => (seen.signedOut = true), failed: (message) => seen.failed.push(message) });
  return { seen, done };
}

describe('« Se déconnecter partout »', () => {
  it('shows the login page once the server ended the sessions', async () => {
    const { seen, done } = run(async () => ({ sessionsEnded: 2, tokensRevoked: 0 }));
    expect(await done).toBe(true);
    expect(seen).toEqual({ signedOut: true, failed: [] });
  });

  it('keeps the user signed in and says so when the sessions were not ended (the store down: 503)', async () => {
    const { seen, done } = run(async () => {
      throw new ApiError(503, { error: { code: 'store_unavailable', message: 'the database cannot be reached or written right now' } });
    });
    expect(await done).toBe(false);
    expect(seen.signedOut).toBe(false);
    expect(seen.failed).toEqual(['the database cannot be reached or written right now']);
  });

  it('shows the login page when this session had already ended (401)', async () => {
    const { seen, done } = run(async () => {
      throw new ApiError(401, { error: { code: 'unauthenticated' } });
    });
    expect(await done).toBe(true);
    expect(seen).toEqual({ signedOut: true, failed: [] });
  });
});
