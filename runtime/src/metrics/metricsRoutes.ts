import { Router, type Request, type Response } from 'express';
import type { AuthService } from '../auth/authService.ts';
import { authenticate } from '../auth/authenticate.ts';
import { requireRole } from '../auth/requireRole.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { ApiRegistry } from '../api/openapi/apiRegistry.ts';
import type { GriotMetrics } from './GriotMetrics.ts';

/**
 * `GET /metrics` for Prometheus: `Authorization: Bearer <GRIOT_METRICS_TOKEN>` (a token that can
 * read metrics and nothing else, for the scraper), or any admin credential (the admin token, an
 * admin's API token or session). Anyone else gets 401/403: queue sizes and traffic are the
 * operator's business. Outside `/api`, where scrapers look for it.
 */
export function metricsRoutes(metrics: GriotMetrics, options: { auth: AuthService; registry: ApiRegistry; metricsToken?: string | undefined }): Router {
  const router = Router();
  options.registry.add({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tag: 'metrics',
    access: ['admin'],
    status: 200,
    errors: [],
    summary: 'Prometheus metrics (text exposition format 0.0.4); also readable with Bearer GRIOT_METRICS_TOKEN',
  });
  const scrape = async (_req: Request, res: Response) => {
    const { contentType, body } = await metrics.render();
    res.status(200).type(contentType).set('cache-control', 'no-store').send(body);
  };
  const scraperToken = (req: Request) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    return options.metricsToken !== undefined && token !== undefined && sameSecret(token, options.metricsToken);
  };
  router.get(
    '/metrics',
    async (req, res, next) => {
      if (scraperToken(req)) await scrape(req, res);
      else next();
    },
    authenticate(options.auth),
    requireRole('admin'),
    scrape,
  );
  return router;
}
