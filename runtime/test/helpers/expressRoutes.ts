import type { Express } from 'express';

/** A route as express will answer it: method and path, `:param` written `{param}`. */
export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
  slash?: boolean;
}

/**
 * Every route declared on the app's router and the routers mounted in it (express 5 / router
 * 2), hand-written ones included: what a route table built only from the OpenAPI registry
 * would miss. Routers mounted under a string path get it as a prefix; regular expressions are
 * left out (the designer's fallback).
 */
export function expressRoutes(app: Express): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') continue;
        const path = (prefix + layer.route.path).replace(/:(\w+)/g, '{$1}');
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push({ method, path });
      } else if (layer.handle?.stack) {
        if (layer.slash) walk(layer.handle.stack, prefix);
        else if (typeof layer.rawPath === 'string') walk(layer.handle.stack, prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}
