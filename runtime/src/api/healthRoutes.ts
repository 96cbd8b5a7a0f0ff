import { Router } from 'express';
import type { Store } from '../store/types.ts';

/** Liveness and readiness for load balancers and orchestrators; no auth, no body to parse. */
export function createHealthRoutes(store: Store, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    // While draining, report unready so the load balancer stops sending new work here.
    const ready = !isShuttingDown() && (await store.ping().catch(() => false));
    res.status(ready ? 200 : 503).json({ ok: ready, store: store.kind, ...(isShuttingDown() ? { shuttingDown: true } : {}) });
  });
  return router;
}
