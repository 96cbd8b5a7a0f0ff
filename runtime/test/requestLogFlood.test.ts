import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { SLOW_REQUEST_MS } from '../src/api/requestLogger.ts';
import { startTestServer } from './helpers/testServer.ts';

/**
 * Anyone can send thousands of requests to paths that do not exist or to the API without a
 * session: each wrote a request line (a scan of 3,000 paths, 3,000 lines). Now such answers (4xx)
 * are logged as refused webhooks are: the first of each status, then one line a minute at most
 * with the count (and at shutdown). A 5xx and a slow request keep their own line.
 */
type Line = { level: number | string; msg: string; status?: number; path?: string; suppressed?: number; durationMs?: number };

async function flood(n: number, send: (i: number) => Promise<Response>): Promise<Set<number>> {
  const statuses = new Set<number>();
  for (let sent = 0; sent < n; sent += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, n - sent) }, (_, k) => send(sent + k)));
    for (const res of batch) {
      statuses.add(res.status);
      await res.arrayBuffer();
    }
  }
  return statuses;
}

/** A route answering 500, and one answering 404 after more than SLOW_REQUEST_MS (a backend that hangs, then finds nothing). */
const testRoutes = () => {
  const router = Router();
  router.get('/test-broken', () => {
    throw new Error('broken on purpose');
  });
  router.get('/test-slow-missing', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_REQUEST_MS + 100));
    res.status(404).json({ error: { code: 'not_found' } });
  });
  return router;
};

describe('a flood of 404s and 401s', () => {
  it('writes a few request lines, not one each; the summary counts them; a 5xx and a slow request keep their line', { timeout: 60_000 }, async () => {
    const raw: string[] = [];
    const lines: Line[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void (raw.push(line), lines.push(JSON.parse(line))) });
    const server = await startTestServer({ start: { logger, extraRouters: [testRoutes] } });
    let stopped = false;
    try {
      const before = lines.length;
      const bytesBefore = raw.join('').length;
      expect(await flood(2_000, (i) => fetch(`${server.url}/no-such-page-${i}.php`))).toEqual(new Set([404]));
      expect(await flood(1_000, () => fetch(`${server.url}/api/flows`))).toEqual(new Set([401]));
      // A 4xx slower than SLOW_REQUEST_MS keeps its own line (a busy machine): not folded, not counted.
      const during = lines.slice(before).filter((l) => l.msg === 'request' && (l.durationMs ?? 0) < SLOW_REQUEST_MS);
      const slow = (status: number) => lines.slice(before).filter((l) => l.msg === 'request' && l.status === status && (l.durationMs ?? 0) >= SLOW_REQUEST_MS).length;
      const slowOnes = { 404: slow(404), 401: slow(401) };
      // The first of each status, in full.
      expect(during.map((l) => [l.status, l.path])).toEqual([
        [404, '/no-such-page-0.php'],
        [401, '/api/flows'],
      ]);
      expect(raw.join('').length - bytesBefore).toBeLessThan(5_000);

      // A server error and a slow answer are never folded into a summary.
      expect((await fetch(`${server.url}/test-broken`)).status).toBe(500);
      expect((await fetch(`${server.url}/test-slow-missing`)).status).toBe(404);
      const after = lines.filter((l) => l.msg === 'request' || l.msg?.startsWith('request (and'));
      expect(after.filter((l) => l.path === '/test-broken').map((l) => l.status)).toEqual([500]);
      expect(after.filter((l) => l.path === '/test-slow-missing').map((l) => l.status)).toEqual([404]);

      await server.stop();
      stopped = true;
      // At shutdown, the summaries: every request not written one by one is counted.
      const summaries = lines.filter((l) => typeof l.suppressed === 'number' && l.msg.startsWith('request'));
      expect(Object.fromEntries(summaries.map((l) => [l.status, l.suppressed]))).toEqual({ 404: 1_999 - slowOnes[404], 401: 999 - slowOnes[401] });
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
