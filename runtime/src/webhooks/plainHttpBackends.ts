import type { Config } from '../config.ts';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a backend's address is plain `http://` to another machine (on this one, nothing crosses a network). */
export function isPlainHttpElsewhere(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !LOOPBACK.test(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * The named backends each environment calls over plain `http://` elsewhere, for lint
 * (`http.plainHttpSecret`): names only, never an address.
 */
export function plainHttpBackends(backends: Config['backends']): { staging: string[]; production: string[] } {
  const names = (urls: Record<string, string>) =>
    Object.entries(urls)
      .filter(([, url]) => isPlainHttpElsewhere(url))
      .map(([name]) => name)
      .sort();
  return { staging: names(backends.staging), production: names(backends.production) };
}
