import { urlSchemeAndHost } from '../../config.ts';
import { DependencyError } from '../../errors.ts';

/**
 * A driver's message without anything of the URI's user information (`user:password@`) nor its
 * options: what a log line or a command may say about a MongoDB server that failed.
 */
export function withoutCredentials(message: string, uri: string): string {
  let shown = message.split(uri).join(urlSchemeAndHost(uri));
  const userInfo = /^mongodb(?:\+srv)?:\/\/([^@/]*)@/.exec(uri)?.[1];
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  for (const part of [userInfo, ...(userInfo?.split(':') ?? []), query])
    if (part) {
      shown = shown.split(part).join('…');
      try {
        shown = shown.split(decodeURIComponent(part)).join('…');
      } catch {}
    }
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/**
 * Why a MongoDB start failed, for the one line the operator reads. A server's answer (an index
 * that cannot be built over duplicates, a role without `createIndex`, refused credentials) is said
 * by its name and code only: its message may quote the stored values (`dup key: { number:
 * "+229…" }`, a subscriber's number). A driver's own message (a host refused the connection, no
 * primary) names hosts, and is shown without the URI's credentials or options.
 */
export function startFailureReason(error: unknown, uri: string): string {
  const { name, code, codeName } = (error ?? {}) as { name?: unknown; code?: unknown; codeName?: unknown };
  if (isServerAnswer(error)) return `${typeof name === 'string' ? name : 'MongoServerError'} ${codeName}${typeof code === 'number' ? ` (${code})` : ''}`;
  return withoutCredentials(error instanceof Error ? error.message : String(error), uri);
}

/**
 * The error a MongoDB start that failed stops the server with (`store_unreachable`: exit 69, one
 * line). Said where by scheme and host only: the line reaches logs, and the URI may hold a password.
 */
export function mongoStartFailure(error: unknown, uri: string, waitMs: number): DependencyError {
  // A server that answered and refused (its code named) was reached, but is not usable as it stands.
  const what = isServerAnswer(error) ? `the MongoDB store at ${urlSchemeAndHost(uri)} refused the start` : `cannot reach the MongoDB store at ${urlSchemeAndHost(uri)} within ${waitMs / 1000} s`;
  return new DependencyError('unavailable', 'store_unreachable', `${what} (${startFailureReason(error, uri)})`, { cause: error });
}

/** Whether the error is a MongoDB server's answer (it carries the server's `codeName`), not the driver's failure to reach one. */
export function isServerAnswer(error: unknown): boolean {
  const { codeName } = (error ?? {}) as { codeName?: unknown };
  return typeof codeName === 'string' && /^\w{1,60}$/.test(codeName);
}

/** How long the server waits for a MongoDB server at start unless the URI says (`serverSelectionTimeoutMS`). */
export const SERVER_SELECTION_MS = 10_000;

/** The URI's own `serverSelectionTimeoutMS`, when it sets one (the driver lets the options object override it). */
export function serverSelectionMsOf(uri: string): number | undefined {
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const value = [...new URLSearchParams(query).entries()].find(([name]) => name.toLowerCase() === 'serverselectiontimeoutms')?.[1];
  const ms = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(ms) && ms > 0 ? ms : undefined;
}
