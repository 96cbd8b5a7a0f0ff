import { afterEach, describe, expect, it } from 'vitest';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { callHookPayload } from './testing/jambonzPayloads.ts';
import { upgradeJambonzWebSocket as upgrade } from './testing/upgradeJambonzWebSocket.ts';
import { signJambonz } from './signature.ts';
import type { VoiceCredentials } from './voiceAccess.ts';

const SECRET = 'webhook-secret-for-access-tests';
const APP = { username: 'jambonz-app', password: 'ws-password-for-access-tests' };
const flow = voiceTestFlow();

let server: VoiceTestServer | undefined;
let port: FlowPort;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(credentials: VoiceCredentials): Promise<VoiceTestServer> {
  port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
  server = await startVoiceTestServer({ conversations: port, bindings: port, ...credentials });
  return server;
}

/** A call hook, signed with `secret` when given; the status jambonz would see. */
async function callHook(url: string, callSid: string, secret?: string): Promise<number> {
  const body = JSON.stringify(callHookPayload({ callSid, from: '+2290197000001', to: '1919' }));
  const res = await fetch(`${url}/jambonz/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'jambonz-signature': signJambonz(secret, body) } : {}) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const challenge = expect.stringMatching(/^Basic realm="griot jambonz"/);

describe('who may reach the voice channel', () => {
  it('with only the webhook secret set, refuses every WebSocket with 401 and a Basic challenge, and still takes signed webhooks', async () => {
    const s = await start({ webhookSecret: SECRET, allowAnonymous: true });
    expect(await upgrade(s.wsUrl)).toEqual({ status: 401, challenge });
    expect(await upgrade(s.wsUrl, 'anyone:anything')).toEqual({ status: 401, challenge });
    expect(await callHook(s.url, 'CA-unsigned')).toBe(403);
    expect(await callHook(s.url, 'CA-signed', SECRET)).toBe(200);
    expect([...port.conversations.keys()]).toEqual(['voice:CA-signed']);
  });

  it('with WebSocket credentials, lets in only the right username and password', async () => {
    const s = await start({ webhookSecret: SECRET, wsAuth: APP });
    expect(await upgrade(s.wsUrl)).toEqual({ status: 401, challenge });
    expect(await upgrade(s.wsUrl, `${APP.username}:wrong-password`)).toEqual({ status: 401, challenge });
    expect(await upgrade(s.wsUrl, `someone-else:${APP.password}`)).toEqual({ status: 401, challenge });
    expect(await upgrade(s.wsUrl, `${APP.username}:${APP.password}`)).toEqual({ status: 101 });
  });

  it('with only WebSocket credentials, refuses every webhook: there is no secret to check them with', async () => {
    const s = await start({ wsAuth: APP, allowAnonymous: true });
    expect(await callHook(s.url, 'CA-anonymous')).toBe(403);
    expect(await callHook(s.url, 'CA-self-signed', 'a-secret-of-my-own')).toBe(403);
    expect(await upgrade(s.wsUrl, `${APP.username}:${APP.password}`)).toEqual({ status: 101 });
    expect(port.conversations.size).toBe(0);
  });

  it('when anonymity is not allowed (production) and nothing is set, refuses both doors', async () => {
    const s = await start({});
    expect(await upgrade(s.wsUrl)).toEqual({ status: 401, challenge });
    expect(await callHook(s.url, 'CA-prod')).toBe(403);
    expect(port.conversations.size).toBe(0);
  });

  it('in development with nothing set, lets jambonz in without credentials', async () => {
    const s = await start({ allowAnonymous: true });
    expect(await upgrade(s.wsUrl)).toEqual({ status: 101 });
    expect(await callHook(s.url, 'CA-dev')).toBe(200);
  });
});
