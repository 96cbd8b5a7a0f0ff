import { Router } from 'express';
import type { Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import { ReadinessProbe } from '../health/ReadinessProbe.ts';

/** When an unready answer (draining, a store that refuses writes) suggests asking again. */
const UNREADY_RETRY_AFTER_SECONDS = 5;

/**
 * Liveness and readiness for load balancers and orchestrators; no auth, no body to parse.
 * Ready means the store takes a write (ReadinessProbe), not merely that it answers.
 */
export function createHealthRoutes(store: Store, isShuttingDown: () => boolean, logger: Logger, probe = new ReadinessProbe({ store, logger })): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    // While draining, report unready so the load balancer stops sending new work here.
    if (isShuttingDown()) {
      // Another instance answers meanwhile (or this one again, restarted).
      res.setHeader('Retry-After', String(UNREADY_RETRY_AFTER_SECONDS));
      res.status(503).json({ ok: false, store: store.kind, shuttingDown: true, reason: 'shutting_down' });
      return;
    }
    const readiness = await probe.check();
    if (!readiness.ok) res.setHeader('Retry-After', String(UNREADY_RETRY_AFTER_SECONDS));
    res.status(readiness.ok ? 200 : 503).json({ ok: readiness.ok, store: store.kind, ...(readiness.ok ? {} : { reason: readiness.reason }) });
  });
  return router;
}
