import { Router } from 'express';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { DemoSubscriber } from './demoSubscribers.ts';

export interface DemoBackendOptions {
  /** The Bearer token requests must carry (OPERATOR_API_TOKEN or the demo's). */
  token: () => string | undefined;
  subscribers: DemoSubscriber[];
  defaultRegion: string;
}

/**
 * A stand-in for the operator's information system, served by Griot itself under
 * `/demo-backend` when the demo is on, so the 1919 flow's look-ups work out of the box.
 */
export function createDemoBackend(options: DemoBackendOptions): Router {
  const router = Router();
  const byNumber = new Map(options.subscribers.map((s) => [s.number, s]));

  router.use((req, res, next) => {
    const expected = options.token();
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!expected || !given || !sameSecret(given, expected)) {
      res.status(401).json({ error: { code: 'unauthenticated', message: 'send Authorization: Bearer <OPERATOR_API_TOKEN>' } });
      return;
    }
    next();
  });

  router.get('/subscribers/:number', (req, res) => {
    const number = normalizeNumber(req.params.number, options.defaultRegion);
    const subscriber = number ? byNumber.get(number) : undefined;
    if (!subscriber) {
      res.status(404).json({ error: { code: 'subscriber_not_found', message: 'no such subscriber' } });
      return;
    }
    res.json(subscriber);
  });
  return router;
}
