import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCall, askUpgrade, callHookPayload, upgradeJambonzWebSocket as upgrade, wsLink } from '@griot/connectors/voice/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Finding 1 of step 8, reproduced the way it was found: an anonymous WebSocket client speaking
 * ws.jambonz.org sends `session:new` from a subscriber's number, then presses 1 (French) and 1
 * (PUK code). On the real server (demo flow, demo operator backend) it must not hear the code:
 * the upgrade is refused whenever any jambonz credential is configured, and always in production.
 */
const CALLER = '+2290197000001';
const CALLER_PUK = '1, 2, 3, 4, 5, 6, 7, 8';
const SECRET = 'access-e2e-webhook-secret';
const APP = { username: 'jambonz-app', password: 'access-e2e-ws-password' };

let server: TestServer | undefined;
let logLines: Array<{ level: string; msg: string; notice?: string }> = [];
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(env: Record<string, string>): Promise<TestServer> {
  logLines = [];
  const logger = createLogger({ logLevel: 'warn' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  server = await startTestServer({ env: { GRIOT_DEMO: '1', ...env }, start: { logger } });
  return server;
}

const wsUrl = (s: TestServer) => `${s.url.replace(/^http/, 'ws')}/jambonz/ws`;

/** The attack: session:new from the subscriber's number, then two digits. Returns what was heard. */
async function callForThePuk(s: TestServer, auth?: { username: string; password: string }): Promise<{ status: number; challenge?: string; heard: string }> {
  const door = await upgrade(wsUrl(s), auth);
  if (door.status !== 101) return { ...door, heard: '' };
  const call = new SimulatedCall(await wsLink(wsUrl(s), auth ? { auth } : {}), { callSid: `CA-access-${Math.random().toString(36).slice(2)}`, from: CALLER, to: '1919' });
  await call.start();
  await call.press('1');
  await call.press('1');
  const heard = call.heard.join(' ');
  call.close();
  return { ...door, heard };
}

const challenge = expect.stringMatching(/^Basic realm=/);
const notices = () => logLines.filter((l) => l.notice === 'jambonzAccess');

describe('the jambonz WebSocket on the real server', () => {
  it('with JAMBONZ_WEBHOOK_SECRET set and no WebSocket credentials, refuses the anonymous caller: 401, no PUK', async () => {
    const s = await start({ JAMBONZ_WEBHOOK_SECRET: SECRET });
    const attempt = await callForThePuk(s);
    expect(attempt.heard).not.toContain(CALLER_PUK);
    expect(attempt).toEqual({ status: 401, challenge, heard: '' });
    expect(await callForThePuk(s, { username: 'jambonz', password: 'guess' })).toMatchObject({ status: 401, heard: '' });
    expect(notices()).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('needs JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD') })]);
  });

  it('with NODE_ENV=production and nothing set, refuses the WebSocket (401) and the unsigned webhook (403), and says so once at error level', async () => {
    const s = await start({ NODE_ENV: 'production' });
    expect(await callForThePuk(s)).toEqual({ status: 401, challenge, heard: '' });
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-access-http', from: CALLER, to: '1919' }));
    const res = await fetch(`${s.url}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('PUK');
    expect(await s.store.getSession('voice:CA-access-http', new Date().toISOString())).toBeNull();
    expect(notices()).toEqual([
      expect.objectContaining({ level: 'error', msg: expect.stringMatching(/^VOICE CHANNEL DISABLED: NODE_ENV=production.*JAMBONZ_WEBHOOK_SECRET.*JAMBONZ_WS_USERNAME \+ JAMBONZ_WS_PASSWORD/) }),
    ]);
  });

  it('with NODE_ENV=production and credentials set: no credentials or a wrong password get 401, the right ones hear the PUK', async () => {
    const s = await start({ NODE_ENV: 'production', JAMBONZ_WEBHOOK_SECRET: SECRET, JAMBONZ_WS_USERNAME: APP.username, JAMBONZ_WS_PASSWORD: APP.password });
    expect(await callForThePuk(s)).toEqual({ status: 401, challenge, heard: '' });
    expect(await callForThePuk(s, { ...APP, password: 'wrong-password' })).toEqual({ status: 401, challenge, heard: '' });
    const jambonz = await callForThePuk(s, APP);
    expect(jambonz.status).toBe(101);
    expect(jambonz.heard).toContain(`Votre code PUK est : ${CALLER_PUK}.`);
    expect(notices()).toEqual([]);
  });

  it('in development with nothing set, stays usable without credentials but warns loudly, once', async () => {
    const s = await start({});
    const attempt = await callForThePuk(s);
    expect(attempt.status).toBe(101);
    expect(attempt.heard).toContain('Choisissez un service');
    expect(notices()).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/^VOICE CHANNEL OPEN TO ANYONE/) })]);
  });

  it('answers an upgrade asked of any path without a WebSocket with 404, and still stops at once', async () => {
    const s = await start({ JAMBONZ_WEBHOOK_SECRET: SECRET, JAMBONZ_WS_USERNAME: APP.username, JAMBONZ_WS_PASSWORD: APP.password });
    for (const path of ['/healthz', '/api/flows', '/jambonz/ws/']) expect(await askUpgrade(s.url, path), path).toBe('HTTP/1.1 404 Not Found');
    // The graceful stop waits for every socket: none of those is left to hold it.
    const stopping = s.stop().then(() => 'stopped');
    server = undefined;
    expect(await Promise.race([stopping, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))])).toBe('stopped');
  });
});
