import { describe, expect, it } from 'vitest';
import { eventLoopDelay } from '../src/metrics/GriotMetrics.ts';
import { startTestServer } from './helpers/testServer.ts';

/**
 * The event-loop delay monitor is the process's, switched on by the work of any server it starts:
 * a server stopped right after serving left its 10 s check running (a test worker's next file saw it,
 * and a process embedding Griot kept a timer for a server it had stopped).
 */
describe('the event-loop delay monitor and a stopped server', () => {
  it('samples while a server serves and stops with the last server, right after a request', async () => {
    const first = await startTestServer();
    const second = await startTestServer();
    try {
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(eventLoopDelay.sampling).toBe(false);
      expect((await fetch(`${first.url}/api/auth/session`)).status).toBe(200);
      expect(eventLoopDelay.sampling).toBe(true);
      await first.stop();
      // Another server still serves: it goes on sampling.
      expect(eventLoopDelay.sampling).toBe(true);
    } finally {
      await first.stop();
      await second.stop();
    }
    expect(eventLoopDelay.sampling).toBe(false);
    // Work with no server to serve it (a turn saved by a test's services) switches nothing on.
    eventLoopDelay.active();
    expect(eventLoopDelay.sampling).toBe(false);
  }, 60_000);
});
