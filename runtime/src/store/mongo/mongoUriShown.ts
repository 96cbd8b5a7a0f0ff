import { urlSchemeAndHost } from '../../config.ts';

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

/** How long the server waits for a MongoDB server at start unless the URI says (`serverSelectionTimeoutMS`). */
export const SERVER_SELECTION_MS = 10_000;

/** The URI's own `serverSelectionTimeoutMS`, when it sets one (the driver lets the options object override it). */
export function serverSelectionMsOf(uri: string): number | undefined {
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const value = [...new URLSearchParams(query).entries()].find(([name]) => name.toLowerCase() === 'serverselectiontimeoutms')?.[1];
  const ms = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(ms) && ms > 0 ? ms : undefined;
}
