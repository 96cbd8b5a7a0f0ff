import { pathEscape } from '@griot/flows';
import { RequestRefusedError } from './RequestRefusedError.ts';

/** A backend's address split into what a look-up must keep: its origin, and the path it must stay under (no trailing `/`). */
export interface BackendScope {
  origin: string;
  basePath: string;
}

export function backendScope(base: string): BackendScope {
  const url = new URL(base);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

/** Whether a URL is at the backend's origin and under its base path (the base itself included). */
export function withinScope(url: URL, scope: BackendScope): boolean {
  return url.origin === scope.origin && (url.pathname === scope.basePath || url.pathname.startsWith(`${scope.basePath}/`));
}

/**
 * The address a look-up to a named backend calls: the node's URL (its template filled) as a
 * path under the backend's base URL. Refused, before anything is sent, when it could leave that
 * path (a dot segment, an encoded `/`, a backslash) or, once resolved, is not under it: the
 * backend's token must reach only the backend, not the gateway's other services nor Griot's own.
 */
export function backendUrl(backend: string, base: string, relative: string): URL {
  const scope = backendScope(base);
  const path = relative.replace(/^\/+/, '');
  const refuse = (why: string) =>
    new RequestRefusedError(`the URL must be a path under backend ${backend}'s address: ${why}`, {
      code: 'http.pathEscape',
      params: { backend },
    });
  if (path.includes('#')) throw refuse('a URL sent to a backend has no #fragment');
  const climbing = pathEscape(path);
  if (climbing !== null) throw refuse(climbing);
  const url = new URL(`${scope.origin}${scope.basePath}/${path}`);
  if (!withinScope(url, scope)) throw refuse(`it resolves to ${url.pathname}`);
  // Credentials in the base (`https://user:pw@host/base`) go with every look-up, as they did before the path was checked.
  const { username, password } = new URL(base);
  url.username = username;
  url.password = password;
  return url;
}
