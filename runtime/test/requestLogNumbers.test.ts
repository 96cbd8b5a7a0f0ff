import { describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer } from './helpers/testServer.ts';
import { pathForLog } from '../src/api/requestLogger.ts';

/**
 * The request log masks a number in a path (`/api/callers/+229…`): the callers' API takes a number
 * in any spelling, so `+229 01 97 00 00 09` (`%20` between its groups), dots or dashes must not
 * leave it readable in the log either, least of all in the line of its erasure; nor escapes the
 * router decodes (`%2D` for a dash, `%C2%A0`, `%32` for a 2). A session's id in a path stays whole.
 * A path is logged at most a few hundred characters long, whatever the client sent.
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
      // Express decodes the path before the callers' API reads the number, which drops spaces of any
      // kind, brackets, dots, dashes and slashes: each escape of those (or of a digit) is one more spelling.
      const escaped = [
        '%2B229%2D01%2D97%2D00%2D00%2D09',
        '%2B229%2E01%2E97%2E00%2E00%2E09',
        '%2B229%2F01%2F97%2F00%2F00%2F09',
        '%2B229%0901%0997%0900%0900%0909',
        '%2B229%0A01%0A97%0A00%0A00%0A09',
        '%2B229%C2%A001%C2%A097%C2%A000%C2%A000%C2%A009',
        [...NUMBER].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
      ];
      for (const spelling of escaped) expect((await server.admin.get(`/api/callers/${spelling}`)).status).toBe(200);
      expect((await server.admin.delete(`/api/callers/${encodeURIComponent('+229 01 97 00 00 09')}`)).status).toBe(200);

      const callerLines = lines.filter((l) => l.msg === 'request' && l.path?.startsWith('/api/callers/'));
      expect(callerLines.map((l) => l.status)).toEqual([...spellings, ...escaped, 'erased'].map(() => 200));
      for (const { path } of callerLines) expect(decodeURIComponent(path ?? '').replace(/\D/g, '')).not.toMatch(/970000/);
      // Each line keeps the number's last two digits, whatever the spelling.
      for (const { path } of callerLines) expect(decodeURIComponent(path ?? '')).toMatch(/^\/api\/callers\/\(?\+?…09$/);

      // Anyone can ask for a path of thousands of characters (answered by the designer's page, say): its line stays short.
      // A session's id in it stays whole (ops search the logs by it), a number beside it does not.
      const session = '0e1f2a30-4512-4c89-8d7e-0a1b2c3d4e5f';
      const long = `/a/${session}/${encodeURIComponent('+229 01 97 00 00 09')}${'/x'.repeat(5_000)}`;
      await (await fetch(`${server.url}${long}`)).arrayBuffer();
      const longLine = lines.find((l) => l.msg === 'request' && l.path?.startsWith('/a/'));
      expect(longLine?.path?.length).toBeLessThan(400);
      expect(longLine?.path).toMatch(new RegExp(`^/a/${session}/\\+…09/x/x/x`));
    } finally {
      await server.stop();
    }
  });
});

describe('a masked segment in a request line', () => {
  it('writes format characters and % escaped, so the line reads as the router read the path', () => {
    // U+202E would show the rest of the line reversed, U+200B not at all; a `%` written raw would read as an escape.
    const logged = pathForLog(`/api/callers/${encodeURIComponent('\u202E+229 01 97 00 00 09\u200B 100%')}`);
    expect(logged).not.toMatch(/[\u202E\u200B]/);
    expect(logged).toBe('/api/callers/%E2%80%AE+…09%E2%80%8B%20100%25');
    expect(decodeURIComponent(logged)).toBe('/api/callers/\u202E+…09\u200B 100%');
  });

  it('masks a number typed with literal slashes between its groups (a 404, but someone’s number), not short numbers apart', () => {
    expect(pathForLog('/api/callers/229/01/97/00/00/09')).toBe('/api/callers/…09');
    expect(pathForLog('/api/callers/+229/0197/000009/history')).toBe('/api/callers/+…09/history');
    expect(pathForLog('/api/flows/hotline/versions/12/label')).toBe('/api/flows/hotline/versions/12/label');
  });
});
