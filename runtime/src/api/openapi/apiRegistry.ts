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
}

/** The routes of one app, collected as they are defined, for `/api/openapi.json`. */
export class ApiRegistry {
  readonly routes: RouteDoc[] = [];

  add(route: RouteDoc): void {
    if (this.routes.some((r) => r.operationId === route.operationId)) throw new Error(`operationId ${route.operationId} defined twice`);
    this.routes.push(route);
  }
}
