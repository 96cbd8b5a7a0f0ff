import { describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer } from './helpers/testServer.ts';

/**
 * The request log masks a number in a path (`/api/callers/+229…`): the callers' API takes a number
 * in any spelling, so `+229 01 97 00 00 09` (`%20` between its groups), dots or dashes must not
 * leave it readable in the log either, least of all in the line of its erasure. A path is logged
 * at most a few hundred characters long, whatever the client sent.
 */
const SECRET = 'jambonz-request-log-numbers-secret';
const NUMBER = '+2290197000009';

describe('request lines and numbers in paths', () => {
  it('never show a caller’s number however it is spelled, and keep a long path short', { timeout: 60_000 }, async () => {
    const lines: Array<{ msg: string; path?: string; status?: number }> = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET }, start: { logger } });
    try {
      const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-request-log-numbers', from: NUMBER, to: '1919' });
      await call.start();
      await call.hangup();
      const spellings = ['+229 01 97 00 00 09', '+229.01.97.00.00.09', '+229-01-97-00-00-09', '(+229) 0197 0000 09'];
      for (const spelling of spellings) expect((await server.admin.get(`/api/callers/${encodeURIComponent(spelling)}`)).status).toBe(200);
      expect((await server.admin.delete(`/api/callers/${encodeURIComponent('+229 01 97 00 00 09')}`)).status).toBe(200);

      const callerLines = lines.filter((l) => l.msg === 'request' && l.path?.startsWith('/api/callers/'));
      expect(callerLines.map((l) => l.status)).toEqual([200, 200, 200, 200, 200]);
      for (const { path } of callerLines) expect(decodeURIComponent(path ?? '').replace(/\D/g, '')).not.toMatch(/970000/);

      // Anyone can ask for a path of thousands of characters (answered by the designer's page, say): its line stays short.
      const long = `/a${'/x'.repeat(5_000)}`;
      await (await fetch(`${server.url}${long}`)).arrayBuffer();
      const longLine = lines.find((l) => l.msg === 'request' && l.path?.startsWith('/a/x/x'));
      expect(longLine?.path?.length).toBeLessThan(400);
    } finally {
      await server.stop();
    }
  });
});
