import type { RequestHandler } from 'express';
import { jsonBody } from '@griot/connectors';
import { DEFAULT_BODY_LIMIT, type ApiRegistry } from './openapi/apiRegistry.ts';

/**
 * The JSON body parser of `/api`, with each route's own size limit (declared with the route,
 * `bodyLimit`). A declared route that takes a JSON body refuses any other content type (415);
 * one that takes none leaves the body unread (the audio upload reads its own bytes); a route
 * not declared gets the default limit and keeps other content types for itself. Runs after
 * `authenticate`, so the body of an anonymous request to a guarded route is never read.
 */
export function apiJsonBody(registry: ApiRegistry): RequestHandler {
  const parsers = new Map<string, RequestHandler>();
  const parserFor = (limit: string, requireJson: boolean) => {
    const key = `${limit}:${requireJson}`;
    let parser = parsers.get(key);
    if (!parser) parsers.set(key, (parser = jsonBody({ limit, requireJson })));
    return parser;
  };
  return (req, res, next) => {
    // Mounted on /api: req.path has lost the prefix the registry's paths carry.
    const route = registry.find(req.method, req.baseUrl + req.path);
    if (route && !route.body) return next();
    // Nobody reads an anonymous body the route would refuse anyway: its guard answers 401.
    if (route && route.access !== 'public' && !req.principal) return next();
    return parserFor(route?.bodyLimit ?? DEFAULT_BODY_LIMIT, route !== undefined)(req, res, next);
  };
}
