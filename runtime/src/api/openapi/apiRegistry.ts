import type { z } from 'zod';
import type { Role } from '../../store/types.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: nobody needs to log in, any logged-in user, or one of these roles. */
export type Access = 'public' | 'any' | readonly Role[];

/** One route as the OpenAPI document describes it; the same zod schemas parse its input. */
export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI style: `/api/flows/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType | undefined;
  query?: z.ZodObject | undefined;
  /** Success status (200 unless said). */
  status: number;
  response?: z.ZodType | undefined;
  /** Error statuses this route answers besides 401/403/500. */
  errors: number[];
  /** Largest JSON body read (`'20mb'`); `DEFAULT_BODY_LIMIT` unless said. */
  bodyLimit?: string | undefined;
}

/** What a JSON body may weigh on a route that does not say. */
export const DEFAULT_BODY_LIMIT = '1mb';

/** The routes of one app, collected as they are defined, for `/api/openapi.json`. */
export class ApiRegistry {
  readonly routes: RouteDoc[] = [];
  readonly #matchers: Array<{ method: string; pattern: RegExp; route: RouteDoc }> = [];

  add(route: RouteDoc): void {
    if (this.routes.some((r) => r.operationId === route.operationId)) throw new Error(`operationId ${route.operationId} defined twice`);
    this.routes.push(route);
    // As express matches: case-insensitive, a trailing slash allowed, a parameter is one segment.
    const source = route.path
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    this.#matchers.push({ method: route.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`, 'i'), route });
  }

  /** The route a request is for (its body limit, whether it takes a JSON body), if declared. */
  find(method: string, path: string): RouteDoc | undefined {
    const upper = method.toUpperCase();
    return this.#matchers.find((m) => m.method === upper && m.pattern.test(path))?.route;
  }
}
