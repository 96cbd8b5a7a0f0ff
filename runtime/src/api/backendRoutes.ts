import { Router } from 'express';
import { z } from 'zod';
import type { LintContext } from '@griot/flows';
import type { Config } from '../config.ts';
import { routeDefiner } from './defineRoute.ts';
import { isPlainHttpElsewhere } from '../webhooks/plainHttpBackends.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const BackendView = z.object({
  name: z.string(),
  secrets: z.array(z.string()).describe('the secrets an http node may send to this backend'),
  plainHttp: z.boolean().describe('whether its address is plain http:// to another machine (a secret sent there crosses the network in clear)'),
});

export const BackendsSchema = z.object({
  environments: z.object({ staging: z.array(BackendView), production: z.array(BackendView) }).describe('the named backends each environment has a URL for (URLs are not shown)'),
  secretBackends: z.record(z.string(), z.union([z.array(z.string()), z.literal('*')])).describe('secret name → the backends that may receive it; "*": every named backend'),
  allowedHosts: z.array(z.string()).describe('hosts an http node may call by absolute URL (GRIOT_HTTP_ALLOWED_HOSTS); empty: none'),
});

export const SecretNamesSchema = z.object({
  secrets: z.array(z.object({ name: z.string(), backends: z.array(z.string()).describe('backends that may receive it; ["*"]: every named backend') })),
});

/**
 * `GET /api/backends`: the names the designer needs to check http nodes as the server will —
 * which backends exist, which secrets each may receive, which hosts may be called. Never a
 * secret's value nor a backend's URL.
 */
export function createBackendRoutes(
  backends: Config['backends'],
  egress: Required<Omit<LintContext, 'boundChannels' | 'previous' | 'recordings' | 'backendNames' | 'plainHttpBackends'>>,
  registry: ApiRegistry,
): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  route(
    {
      method: 'get',
      path: '/api/backends',
      operationId: 'getBackends',
      summary: 'Named backends per environment, the secrets each may receive, and the hosts flows may call',
      tag: 'backends',
      access: ['viewer'],
      response: BackendsSchema,
    },
    () => {
      // Read at each call: the demo points `operator` at itself once the port is known.
      const view = (urls: Record<string, string>) =>
        Object.keys(urls)
          .sort()
          .map((name) => ({
            name,
            plainHttp: isPlainHttpElsewhere(urls[name] as string),
            secrets: Object.entries(egress.secretBackends)
              .filter(([, binding]) => binding === '*' || binding.includes(name))
              .map(([secret]) => secret)
              .sort(),
          }));
      return {
        environments: { staging: view(backends.staging), production: view(backends.production) },
        secretBackends: egress.secretBackends,
        allowedHosts: egress.allowedHosts,
      };
    },
  );
  route(
    {
      method: 'get',
      path: '/api/secrets',
      operationId: 'listSecretNames',
      summary: 'The names of the secrets flows may use as {{secret.NAME}} (GRIOT_FLOW_SECRETS), with the backends each may go to; never a value, its length or any hint of it',
      tag: 'backends',
      access: ['editor'],
      response: SecretNamesSchema,
    },
    // Names only, read from the configuration: a value is never looked at here, so none can leak.
    () => ({
      secrets: Object.entries(egress.secretBackends)
        .map(([name, binding]) => ({ name, backends: binding === '*' ? ['*'] : [...binding].sort() }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  );
  return router;
}
