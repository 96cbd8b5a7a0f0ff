import express, { Router } from 'express';
import { fileURLToPath } from 'node:url';

const INBOX_DIR = fileURLToPath(new URL('./public', import.meta.url));

/** The agent inbox page at `/agent`: static HTML, CSS and one vanilla module, no build step. */
export function agentInboxRoutes(): Router {
  const router = Router();
  router.get('/agent', (_req, res) => res.sendFile('index.html', { root: INBOX_DIR }));
  router.use('/agent', express.static(INBOX_DIR, { index: false, maxAge: 0 }));
  return router;
}
