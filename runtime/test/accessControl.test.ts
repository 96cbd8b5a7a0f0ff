import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/store/types.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { documentedRoutes, type DocumentedAccess, type DocumentedRoute } from './helpers/documentedRoutes.ts';
import { expressRoutes, type ServedRoute } from './helpers/expressRoutes.ts';

/**
 * The role × route table of docs/api.md, enforced. Every route the server declares (in the
 * OpenAPI document or on the express router, hand-written or not) must have its row, with the
 * same roles; and every documented route is called as each role and anonymously: 401/403
 * exactly when the row says the caller may not. A new route cannot ship without its row.
 */
const API_DOC = fileURLToPath(new URL('../../docs/api.md', import.meta.url));

/** What each role may also do, as docs/api.md says it ("some roles include others"). */
const INCLUDES: Record<Role, Role[]> = {
  admin: ['admin', 'editor', 'publisher', 'tester', 'viewer', 'agent', 'supervisor'],
  editor: ['editor', 'viewer', 'tester'],
  publisher: ['publisher', 'viewer', 'tester'],
  tester: ['tester', 'viewer'],
  viewer: ['viewer'],
  agent: ['agent'],
  supervisor: ['supervisor', 'agent', 'viewer'],
};
const ROLES = Object.keys(INCLUDES) as Role[];

interface Caller {
  name: Role | 'anonymous';
  token?: string;
  /** A token of this user's that the revoke route may take. */
  spareTokenId?: string;
}

const shape = (path: string) => path.replace(/\{\w+\}/g, '{}');
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${shape(r.path)}`;

function mayCall(caller: Caller, access: DocumentedAccess): boolean {
  if (access === 'public') return true;
  if (caller.name === 'anonymous') return false;
  if (access === 'any') return true;
  if (access === 'channel') return false; // not called: a channel's own credentials decide
  return access.some((needed) => INCLUDES[caller.name as Role].includes(needed));
}

/** The access an OpenAPI operation declares: no security (public), x-roles, or any logged-in user. */
function openApiAccess(operation: { security?: unknown[]; 'x-roles'?: Role[] }): DocumentedAccess {
  if (Array.isArray(operation.security) && operation.security.length === 0) return 'public';
  return operation['x-roles'] ?? 'any';
}

const sameAccess = (a: DocumentedAccess, b: DocumentedAccess) => (Array.isArray(a) && Array.isArray(b) ? [...a].sort().join() === [...b].sort().join() : a === b);

describe('access control: docs/api.md role table × every route × every role', () => {
  let server: TestServer;
  let documented: DocumentedRoute[];
  let openApi: Array<{ method: string; path: string; access: DocumentedAccess }>;
  let served: ServedRoute[];
  const callers: Caller[] = [{ name: 'anonymous' }];

  beforeAll(async () => {
    server = await startTestServer();
    documented = documentedRoutes(API_DOC);
    const document = (await server.anonymous.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: Role[] }>> };
    openApi = Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ method, path, access: openApiAccess(operation) })));
    served = expressRoutes(server.app);
    // One user per role, with API tokens: cookies would be cleared by the logout route.
    for (const role of ROLES) {
      const created = await server.admin.post('/api/users', { username: `user-${role}`, password: 'correct horse battery', roles: [role] });
      expect(created.status).toBe(201);
      // Tokens are made by a signed-in session (one that ended makes none).
      const login = await server.anonymous.post('/api/auth/login', { username: `user-${role}`, password: 'correct horse battery' });
      const principal = (await server.services.auth.fromCookie(/griot_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!))!;
      const { token } = await server.services.auth.createToken(principal, 'access test');
      const spare = await server.services.auth.createToken(principal, 'to revoke');
      callers.push({ name: role, token, spareTokenId: spare.id });
    }
  });
  afterAll(() => server.stop());

  it('reads a role for every row of every route table', () => {
    expect(documented.length).toBeGreaterThan(60);
    expect(documented.filter((r) => r.access === 'public').map(key)).toEqual(
      expect.arrayContaining(['GET /healthz', 'GET /readyz', 'GET /api/openapi.json', 'POST /api/auth/login', 'GET /audio/{}/{}']),
    );
  });

  it('documents every route of the OpenAPI document, with the roles it enforces', () => {
    const rows = new Map(documented.map((r) => [key(r), r]));
    const problems = openApi.flatMap((op) => {
      const row = rows.get(key(op));
      if (!row) return [`${key(op)} is served but has no row in docs/api.md`];
      if (!sameAccess(row.access, op.access)) return [`${key(op)}: docs/api.md:${row.line} says ${JSON.stringify(row.access)}, the route enforces ${JSON.stringify(op.access)}`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('documents every /api route on the express router, hand-written ones too, and serves every documented one', () => {
    const rows = new Set(documented.map(key));
    const servedKeys = new Set([...served.map(key), ...openApi.map(key)]);
    const undocumented = served.filter((r) => r.path.startsWith('/api/') && !rows.has(key(r))).map((r) => `${key(r)} is served but has no row in docs/api.md`);
    const unserved = documented.filter((r) => r.path.startsWith('/api/') && !servedKeys.has(key(r))).map((r) => `docs/api.md:${r.line} documents ${key(r)}, which the server does not declare`);
    expect([...undocumented, ...unserved]).toEqual([]);
    // The walk does see hand-written routes (the OpenAPI document and the Bot Framework endpoint).
    expect(served.map(key)).toEqual(expect.arrayContaining(['GET /api/openapi.json', 'POST /api/messages', 'GET /api/flows/{}']));
  });

  it('answers 401 or 403 exactly when the role column says the caller may not', async () => {
    const problems: string[] = [];
    let requests = 0;
    for (const route of documented.filter((r) => r.access !== 'channel')) {
      await Promise.all(
        callers.map(async (caller) => {
          const status = await send(route, caller);
          requests++;
          const allowed = mayCall(caller, route.access);
          const denied = status === 401 || status === 403;
          const expected = caller.name === 'anonymous' ? 401 : 403;
          if (allowed && (denied || status >= 500)) problems.push(`${key(route)} as ${caller.name}: ${status}, but docs/api.md:${route.line} allows it`);
          if (!allowed && status !== expected) problems.push(`${key(route)} as ${caller.name}: ${status}, expected ${expected} (docs/api.md:${route.line})`);
        }),
      );
    }
    expect(problems).toEqual([]);
    expect(requests).toBe(documented.filter((r) => r.access !== 'channel').length * callers.length);
  }, 60_000);

  /**
   * One request as this caller. Ids name nothing (404 once past the role check) and bodies are
   * `{}` (400 once past it): what matters is whether the role check let it through. The token
   * route revokes the caller's spare token, so its owner gets through.
   */
  async function send(route: DocumentedRoute, caller: Caller): Promise<number> {
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (route.path.startsWith('/api/tokens/') ? (caller.spareTokenId ?? 'no-token') : `no-such-${name}`));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    const init: RequestInit = { method: route.method.toUpperCase(), headers };
    if (route.method !== 'get') {
      headers['content-type'] = 'application/json';
      init.body = '{}';
    }
    const response = await fetch(server.url + path, init);
    // Event streams never end on their own: the status is all this needs.
    await response.body?.cancel();
    return response.status;
  }
});
