import { afterEach, describe, expect, it } from 'vitest';
import { signJambonz } from '@griot/connectors';
import { callHookPayload, SLOW_HOOK_MS } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * jambonz webhooks on the real server are answered ahead of the API's middleware (issue 17):
 * the same verbs and refusals, without a request line per webhook (hundreds a second at peak),
 * while the API keeps its line per request.
 */
const SECRET = 'hot-path-e2e-webhook-secret';
let server: TestServer | undefined;
let lines: Array<{ level: string; msg: string; path?: string; status?: number; durationMs?: number; reason?: string }> = [];
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(): Promise<TestServer> {
  lines = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET }, start: { logger } });
  return server;
}

const hook = (s: TestServer, body: string, signature?: string) =>
  fetch(`${s.url}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'jambonz-signature': signature } : {}) }, body });

describe('jambonz webhooks on the running server', () => {
  it('answers a signed call hook with verbs and writes no request line for it; the API still gets its line', async () => {
    const s = await start();
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-hot-e2e', from: '+2290197000001', to: '1919' }));
    const res = await hook(s, body, signJambonz(SECRET, body));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await res.json()) as Array<{ verb: string }>).map((v) => v.verb)).toContain('gather');
    // Written right after the answer (afterAnswer), so already there when jambonz reads it.
    expect(lines.filter((l) => l.msg === 'conversation started')).toHaveLength(1);
    const api = await fetch(`${s.url}/api/flows`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    // A hook slower than SLOW_HOOK_MS keeps its line (a cold server's first one, on a busy machine):
    // that one is allowed; the line of an ordinary hook, or express's for any hook, is not.
    const requests = lines.filter((l) => l.msg === 'request' && !(l.path === '/jambonz/call' && (l.durationMs ?? 0) >= SLOW_HOOK_MS));
    expect(requests.map((l) => l.path)).toEqual(['/api/flows']);
  });

  it('refuses a forged signature with 403, logged with its reason', async () => {
    const s = await start();
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-hot-forged', from: '+2290197000001', to: '1919' }));
    const res = await hook(s, body, signJambonz('not-the-secret', body));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'bad_signature', message: 'Jambonz-Signature mismatch' } });
    expect(lines.filter((l) => l.reason === 'mismatch')).toEqual([expect.objectContaining({ level: 'warn' })]);
  });
});
