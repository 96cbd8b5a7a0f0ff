import type { Request, Response, RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { requireLoginDuringPasswordChange, requireRole } from '../auth/requireRole.ts';
import { unauthenticated } from '../errors.ts';
import type { Access, ApiRegistry, HttpMethod } from './openapi/apiRegistry.ts';
import { parseInput } from './parseInput.ts';

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodObject | undefined> {
  method: HttpMethod;
  /** OpenAPI style (`/api/flows/{id}`); turned into `:id` for express. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  status?: number;
  response?: z.ZodType;
  errors?: number[];
  /** Largest JSON body read (`'20mb'` for flow documents); 1 MB unless said. */
  bodyLimit?: string;
  /**
   * Open to a user who must change a printed password (access `any` only): who am I, log out,
   * the change itself. Every other route answers them 403 `password_change_required`.
   */
  duringPasswordChange?: boolean;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  /** The caller; for public routes, an anonymous placeholder. */
  principal: Principal;
  req: Request;
  res: Response;
}

const ANONYMOUS: Principal = { userId: '', username: 'anonymous', displayName: 'Anonymous', roles: [], via: 'session', credentialId: '' };

/**
 * Declares a route once: it checks access, parses body and query with zod, calls the handler
 * and sends its result as JSON, and it appears in `/api/openapi.json` with the same schemas.
 * A handler returning undefined answers 204 (or nothing, if it already answered).
 */
export function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(
  router: Router,
  registry: ApiRegistry,
  spec: RouteSpec<B, Q>,
  handler: (input: RouteInput<Parsed<B>, Parsed<Q>>) => Promise<unknown> | unknown,
): void {
  const status = spec.status ?? 200;
  const { duringPasswordChange: _open, ...doc } = spec;
  registry.add({ ...doc, status, errors: spec.errors ?? [] });
  const guards: RequestHandler[] =
    spec.access === 'public' ? [] : spec.access === 'any' && spec.duringPasswordChange ? [requireLoginDuringPasswordChange()] : [requireRole(...(spec.access === 'any' ? [] : spec.access))];
  const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  router[spec.method](expressPath, ...guards, async (req: Request, res: Response) => {
    const body = (spec.body ? parseInput(spec.body, req.body, 'body') : undefined) as Parsed<B>;
    const query = (spec.query ? parseInput(spec.query, req.query, 'query') : undefined) as Parsed<Q>;
    const principal = req.principal ?? (spec.access === 'public' ? ANONYMOUS : undefined);
    if (!principal) throw unauthenticated();
    const result = await handler({ body, query, params: req.params as Record<string, string>, principal, req, res });
    if (res.headersSent) return;
    if (result === undefined) res.status(status === 200 ? 204 : status).end();
    else res.status(status).json(result);
  });
}

/** `defineRoute` with the router and registry fixed, for files that declare many routes. */
export function routeDefiner(router: Router, registry: ApiRegistry) {
  return <B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(
    spec: RouteSpec<B, Q>,
    handler: (input: RouteInput<Parsed<B>, Parsed<Q>>) => Promise<unknown> | unknown,
  ) => defineRoute(router, registry, spec, handler);
}
