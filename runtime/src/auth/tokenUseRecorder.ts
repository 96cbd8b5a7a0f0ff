import type { Logger } from '../logger.ts';
import type { ApiToken, Store } from '../store/types.ts';

/** How often at most a token's `lastUsedAt` is written, per instance: a script calling every second costs no write per call. */
export const TOKEN_USE_PERIOD_MS = 10 * 60_000;
/** Tokens remembered at most (a few per user); past it the memo starts again, costing one write each. */
const REMEMBERED = 10_000;

/**
 * Records when API tokens were last used (`GET /api/tokens`, the tokens screen), at most once per
 * token per period: the time stored with the token (every instance reads it with the token) and
 * this instance's own writes both count, so several instances sharing a store write at most once
 * per period each. The write is not awaited and its failure is only logged: a request is never
 * slowed down nor refused for it.
 */
export function createTokenUseRecorder(store: Pick<Store, 'touchToken'>, logger: Logger, periodMs = TOKEN_USE_PERIOD_MS) {
  const written = new Map<string, number>();
  return function tokenUsed(token: ApiToken, now: string): void {
    const at = Date.parse(now);
    const last = Math.max(written.get(token.id) ?? -Infinity, token.lastUsedAt ? Date.parse(token.lastUsedAt) : -Infinity);
    if (at - last < periodMs) return;
    if (written.size >= REMEMBERED) written.clear();
    written.set(token.id, at);
    store.touchToken(token.id, now).catch((error: unknown) => {
      logger.warn({ event: 'token.lastUsedFailed', tokenId: token.id, err: { message: (error as Error).message } }, 'could not record when an API token was last used');
    });
  };
}
