import { Router } from 'express';
import type { Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import { ReadinessProbe } from '../health/ReadinessProbe.ts';

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
      res.status(503).json({ ok: false, store: store.kind, shuttingDown: true, reason: 'shutting_down' });
      return;
    }
    const readiness = await probe.check();
    res.status(readiness.ok ? 200 : 503).json({ ok: readiness.ok, store: store.kind, ...(readiness.ok ? {} : { reason: readiness.reason }) });
  });
  return router;
}
