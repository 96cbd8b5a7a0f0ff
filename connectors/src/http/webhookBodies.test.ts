import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signJambonz } from '../voice/signature.ts';
import { FlowPort } from '../voice/testing/flowPort.ts';
import { voiceTestFlow } from '../voice/testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from '../voice/testing/voiceTestServer.ts';
import { callHookPayload } from '../voice/testing/jambonzPayloads.ts';
import { whatsappRouter } from '../whatsapp/whatsappRouter.ts';
import type { WhatsAppChannel } from '../whatsapp/WhatsAppChannel.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';
import { textMessage } from '../whatsapp/testing/webhookFixtures.ts';

/** `{"a":{"a":…}}` nested `depth` levels, as text. */
const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const SECRET = 'webhook-bodies-secret';

describe('the webhooks read their bodies with the bounded JSON reader', () => {
  const flow = voiceTestFlow();
  const port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
  const auth = { username: 'jambonz', password: 'ws-password-for-tests' };
  let voice: VoiceTestServer;
  let whatsapp: Server;
  let whatsappUrl: string;
  const accepted: unknown[] = [];

  beforeAll(async () => {
    voice = await startVoiceTestServer({ conversations: port, bindings: port, webhookSecret: SECRET, wsAuth: auth });
    const channel = { accept: (body: unknown) => (accepted.push(body), { status: 'accepted' }) } as unknown as WhatsAppChannel;
    whatsapp = await new Promise((resolve) => {
      const s = express()
        .use(whatsappRouter({ channel, appSecret: SECRET }))
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    whatsappUrl = `http://127.0.0.1:${(whatsapp.address() as AddressInfo).port}/whatsapp/webhook`;
  });
  afterAll(async () => {
    await voice.close();
    await new Promise((resolve) => whatsapp.close(resolve));
  });

  it('jambonz hooks: a signed body nested 10,000 deep is 400 json_too_deep; prototype keys are dropped and the call goes on', async () => {
    const post = (body: string) => fetch(`${voice.url}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': signJambonz(SECRET, body) }, body });
    const tooDeep = await post(`{"call_sid":"c1","from":"+2290197000001","to":"1919","x":${deep(10_000)}}`);
    expect([tooDeep.status, ((await tooDeep.json()) as any).error]).toEqual([400, { code: 'json_too_deep', message: 'the JSON nests deeper than 64 levels', field: 'body' }]);
    const payload = JSON.stringify(callHookPayload({ callSid: 'c2', from: '+2290197000001', to: '1919' }));
    const polluted = await post(payload.replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},'));
    expect(polluted.status).toBe(200);
    expect(((await polluted.json()) as unknown[]).length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the jambonz WebSocket ignores a frame nested too deep and answers the next one', async () => {
    const ws = new WebSocket(voice.wsUrl, ['ws.jambonz.org'], { auth: `${auth.username}:${auth.password}` });
    const acks: string[] = [];
    ws.on('message', (raw) => acks.push((JSON.parse(raw.toString()) as { msgid: string }).msgid));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(`{"type":"session:new","msgid":"deep","call_sid":"c3","data":${deep(10_000)}}`);
    ws.send(JSON.stringify({ type: 'session:new', msgid: 'real', call_sid: 'c4', data: callHookPayload({ callSid: 'c4', from: '+2290197000001', to: '1919' }) }));
    await expect.poll(() => acks).toContain('real');
    expect(acks).not.toContain('deep');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('WhatsApp: a signed body nested too deep is 400 json_too_deep and never reaches the channel; prototype keys are dropped', async () => {
    const post = (body: string) => fetch(whatsappUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(SECRET, body) }, body });
    const tooDeep = await post(`{"object":"whatsapp_business_account","entry":${deep(100)}}`);
    expect([tooDeep.status, ((await tooDeep.json()) as any).error.code]).toEqual([400, 'json_too_deep']);
    expect(accepted).toEqual([]);
    const body = JSON.stringify(textMessage('1')).replace(/^\{/, '{"__proto__":{"polluted":"yes"},');
    expect((await post(body)).status).toBe(200);
    expect(accepted).toEqual([textMessage('1')].map((m) => ({ ...m, entry: expect.any(Array) })));
    expect(Object.getPrototypeOf(accepted[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
