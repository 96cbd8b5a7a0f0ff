import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A path whose percent-encoding is not UTF-8, sent by anyone without a login: the client's
 * mistake (400 `invalid_path`, a warning), not a server bug (it was a 500 `internal` logged as an
 * error with its stack, paging operations for every scanner on the internet).
 */
const lines: Array<{ level: string; msg: string; err?: unknown; stack?: unknown }> = [];
let server: TestServer;

beforeAll(async () => {
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({ start: { logger } });
}, 60_000);
afterAll(() => server.stop());

describe('a badly encoded path', () => {
  it.each([
    ['GET', '/api/flows/%E0%A4%A'],
    ['GET', '/audio/%E0%A4%A/x.wav'],
    ['GET', '/audio/hotline/%E0%A4%A.wav'],
    ['POST', '/chat/%E0%A4%A/messages'],
  ])('%s %s answers 400 invalid_path, logged as a warning without a stack', async (method, path) => {
    lines.length = 0;
    const response = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{"text":"hi"}' } : {}) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_path', message: expect.any(String), field: 'path' } });
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'badly encoded path' }));
    expect(JSON.stringify(lines)).not.toContain('    at ');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
