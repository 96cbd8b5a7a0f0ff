import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { readBotFrameworkConfig } from './botFrameworkConfig.ts';
import { createBotFramework } from './createBotFramework.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { startFakeConnector } from './testing/fakeConnector.ts';
import { startFakeEntra } from './testing/fakeEntra.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(env: Record<string, string> = {}, production = false) {
  const flow = menuFlow(3);
  const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'bf', channel: 'botframework', address: 'default', flowId: flow.id });
  const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
  const { router } = createBotFramework({ conversations, config: readBotFrameworkConfig(env, production) });
  const server: Server = await new Promise((resolve) => {
    const s = express()
      .use(router)
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  return { url, port };
}

let activitySeq = 0;
const activity = (conversation: string, fields: Record<string, unknown>, serviceUrl = 'http://127.0.0.1:1') => ({
  type: 'message',
  id: `act-${++activitySeq}`,
  channelId: 'webchat',
  serviceUrl,
  timestamp: new Date().toISOString(),
  from: { id: 'user-1', name: 'Awa' },
  recipient: { id: 'griot-bot', name: 'Griot' },
  conversation: { id: conversation },
  locale: 'fr-FR',
  ...fields,
});
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Bot Framework through the Agents SDK', () => {
  it('answers in the HTTP response with deliveryMode expectReplies, menus as suggested actions', async () => {
    const { url } = await harness();
    const first = await post(url, activity('conv-1', { text: 'Bonjour', deliveryMode: 'expectReplies' }));
    expect(first.status).toBe(200);
    const { activities } = (await first.json()) as { activities: any[] };
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      type: 'message',
      text: 'Pour le français, tapez 1.\n\nFor English, press 2.',
      inputHint: 'expectingInput',
      conversation: { id: 'conv-1' },
      replyToId: expect.any(String),
      suggestedActions: {
        to: [],
        actions: [
          { type: 'imBack', title: 'Français', value: 'Français' },
          { type: 'imBack', title: 'English', value: 'English' },
        ],
      },
    });
    // Agents SDK 1.8.1 quirk: channelId comes back as _channelId in expectReplies bodies.
    expect(activities[0].channelId ?? activities[0]._channelId).toBe('webchat');

    const second = await post(url, activity('conv-1', { text: 'Français', deliveryMode: 'expectReplies' }));
    const menu = ((await second.json()) as { activities: any[] }).activities.at(-1);
    expect(menu.suggestedActions.actions.map((a: any) => a.title)).toEqual(['Solde', 'Code PUK', 'Conseiller']);
    const third = await post(url, activity('conv-1', { text: '1', deliveryMode: 'expectReplies' }));
    const answer = ((await third.json()) as { activities: any[] }).activities;
    expect(answer).toHaveLength(1);
    expect(answer[0].text).toBe('Vous avez choisi Solde.\n\nQue voulez-vous faire ?');
  });

  // The Agents SDK answers the HTTP request only after the turn and its replies: nothing is
  // acknowledged before it is answered, so Bot Framework needs no inbox (a retry is processed
  // once, see MessagingConversations.receiveOnce).
  it('names the user after the channel: a from.id spelling another channel’s key or a number is neither', async () => {
    const { url, port } = await harness();
    for (const [conversation, from] of [
      ['conv-tg', 'telegram:555000111'],
      ['conv-msg', 'messenger:7100003'],
      ['conv-num', '+2290197000001'],
    ] as const) {
      const response = await post(url, activity(conversation, { text: 'Bonjour', deliveryMode: 'expectReplies', from: { id: from } }));
      expect(response.status).toBe(200);
      expect(port.sessions.get(`botframework:${conversation}`)?.caller.number).toBe(`botframework:${from}`);
    }
  });

  it('posts replies to the serviceUrl connector otherwise, before answering the request', async () => {
    const connector = await startFakeConnector();
    cleanups.push(connector.close);
    const { url } = await harness();
    const incoming = activity('conv-2', { text: 'Bonjour' }, connector.url);
    const response = await post(url, incoming);
    expect(response.status).toBe(200);
    expect(connector.posts).toHaveLength(1);
    expect(connector.posts[0]).toMatchObject({ conversationId: 'conv-2', replyToId: incoming.id });
    expect(connector.posts[0]!.activity).toMatchObject({ type: 'message', suggestedActions: { to: [] }, recipient: { id: 'user-1' } });
  });

  it('answers a re-delivered activity once', async () => {
    const { url, port } = await harness();
    const hello = activity('conv-again', { text: 'Bonjour', deliveryMode: 'expectReplies' });
    const first = (await (await post(url, hello)).json()) as { activities: unknown[] };
    const again = await post(url, hello);
    expect(again.status).toBe(200);
    expect(first.activities).toHaveLength(1);
    expect(((await again.json()) as { activities: unknown[] }).activities).toEqual([]);
    expect(port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
  });

  it('greets on a conversation update that adds the user', async () => {
    const { url } = await harness();
    const response = await post(
      url,
      activity('conv-3', {
        type: 'conversationUpdate',
        membersAdded: [{ id: 'user-1' }],
        deliveryMode: 'expectReplies',
      }),
    );
    expect(((await response.json()) as { activities: any[] }).activities[0].suggestedActions).toBeDefined();
  });

  it('validates JWTs when an app id is configured', async () => {
    const { url, port } = await harness({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' });
    // At the Bot Connector's host (any other is refused 403 before the token is looked at).
    const teams = 'https://smba.trafficmanager.net/emea/';
    expect((await post(url, activity('conv-4', { text: 'Bonjour' }, teams))).status).toBe(401);
    expect((await post(url, activity('conv-4', { text: 'Bonjour' }, teams), { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect(port.calls).toEqual([]);
  });

  it('answers a request whose token the configured authority signed, and refuses a forged one without processing it', async () => {
    const entra = await startFakeEntra();
    cleanups.push(entra.close);
    const appId = '11111111-2222-3333-4444-555555555555';
    const { url, port } = await harness({ MicrosoftAppId: appId, authorityEndpoint: entra.authority, BOTFRAMEWORK_BINDING_ADDRESS: 'default' }, true);
    // A Direct Line style client: replies in the response, no service URL to call back.
    const { serviceUrl: _none, ...hello } = activity('conv-jwt', { text: 'Bonjour', deliveryMode: 'expectReplies' });
    const forged = await post(url, hello, { authorization: `Bearer ${entra.forgedToken(appId)}` });
    expect(forged.status).toBe(401);
    expect(port.calls).toEqual([]);
    const signed = await post(url, hello, { authorization: `Bearer ${entra.token(appId)}` });
    expect(signed.status).toBe(200);
    expect(((await signed.json()) as { activities: any[] }).activities[0].suggestedActions.actions.map((a: any) => a.title)).toEqual(['Français', 'English']);
    // A token for another bot is refused too.
    expect((await post(url, { ...hello, id: 'other' }, { authorization: `Bearer ${entra.token('99999999-0000-0000-0000-000000000000')}` })).status).toBe(401);
  });

  it('refuses a token another tenant of the same cloud issued for the bot’s app id (the cloud’s signing keys are shared), without processing it', async () => {
    // Entra signs every tenant's tokens with the same keys: anyone with a tenant of their own in which the bot's
    // (multi-tenant) app has a service principal gets tokens for its app id, signed validly, issued by their tenant.
    const entra = await startFakeEntra();
    cleanups.push(entra.close);
    const appId = '11111111-2222-3333-4444-555555555556';
    const { url, port } = await harness({ MicrosoftAppId: appId, authorityEndpoint: entra.authority, BOTFRAMEWORK_BINDING_ADDRESS: 'default' }, true);
    const { serviceUrl: _none, ...hello } = activity('conv-tenant', { text: 'Bonjour', deliveryMode: 'expectReplies' });
    const otherTenant = '00000000-0000-0000-0000-0000000000bb';
    const iss = `${entra.authority.slice(0, entra.authority.lastIndexOf('/'))}/${otherTenant}/v2.0`;
    const foreign = await post(url, hello, { authorization: `Bearer ${entra.token(appId, { iss, tid: otherTenant })}` });
    expect(foreign.status).toBe(401);
    expect(port.calls).toEqual([]);
    // The bot's own tenant still gets in (the Bot Connector's issuer, api.botframework.com, is its keys' at Microsoft: not reachable here).
    expect((await post(url, hello, { authorization: `Bearer ${entra.token(appId, { tid: entra.authority.slice(entra.authority.lastIndexOf('/') + 1) })}` })).status).toBe(200);
  });

  it('sends no reply, nor the bot’s token, to a serviceUrl other than the one the token names', async () => {
    const entra = await startFakeEntra();
    cleanups.push(entra.close);
    const elsewhere = await startFakeConnector();
    cleanups.push(elsewhere.close);
    const appId = '11111111-2222-3333-4444-555555555555';
    // The fake connector's host allowed (outside production, http), so that the token's own check is what refuses.
    const { url, port } = await harness({ MicrosoftAppId: appId, authorityEndpoint: entra.authority, BOTFRAMEWORK_BINDING_ADDRESS: 'default', BOTFRAMEWORK_SERVICE_HOSTS: '127.0.0.1' });
    // A token the Bot Connector gave for Teams' service, with the activity's serviceUrl changed to
    // another host: refused before any turn, and before the SDK fetches the bot's own token to
    // post the replies there (here it has no secret to fetch one with, and would answer 500).
    const token = entra.token(appId, { serviceurl: 'https://smba.trafficmanager.net/emea/' });
    const response = await post(url, activity('conv-elsewhere', { text: 'Bonjour' }, elsewhere.url), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(400);
    expect(elsewhere.posts).toEqual([]);
    expect(port.calls).toEqual([]);
  });

  it('refuses anonymous requests in production', async () => {
    const { url, port } = await harness({}, true);
    expect((await post(url, activity('conv-5', { text: 'Bonjour', deliveryMode: 'expectReplies' }))).status).toBe(401);
    expect(port.calls).toEqual([]);
  });

  it('answers an activity it cannot read with 400 naming the field, never 500, and runs no turn', async () => {
    const { url, port } = await harness();
    const valid = activity('conv-6', { text: 'Bonjour', deliveryMode: 'expectReplies' });
    const cases: Array<[unknown, string]> = [
      [{}, 'type'],
      [[], 'body'],
      [42, 'body'],
      [null, 'body'],
      ['message', 'body'],
      [{ ...valid, type: 7 }, 'type'],
      [{ ...valid, conversation: undefined }, 'conversation.id'],
      [{ ...valid, conversation: 'conv-6' }, 'conversation'],
      [{ ...valid, from: 5 }, 'from'],
      [{ ...valid, text: ['Bonjour'] }, 'text'],
      [{ ...valid, channelId: {} }, 'channelId'],
      [{ ...valid, membersAdded: [null], type: 'conversationUpdate' }, 'membersAdded.0'],
      [{ ...valid, attachments: 'photo' }, 'attachments'],
      [{ ...valid, deliveryMode: undefined, serviceUrl: 'not a url' }, 'serviceUrl'],
      [{ ...valid, deliveryMode: undefined, channelId: undefined }, 'channelId'],
      [{ ...valid, deliveryMode: undefined, recipient: undefined }, 'recipient'],
      [{ ...valid, conversation: { id: 'c'.repeat(70_000) } }, 'conversation.id'],
      [{ ...valid, deliveryMode: undefined, serviceUrl: undefined }, 'serviceUrl'],
    ];
    for (const [body, field] of cases) {
      const response = await post(url, body);
      const answer = (await response.json()) as { error: { code: string; field: string; message: string } };
      expect([response.status, answer.error.code, answer.error.field], JSON.stringify(body)).toEqual([400, 'invalid_activity', field]);
      expect(answer.error.message).toContain(field === 'body' ? 'JSON object' : field);
    }
    expect(port.calls).toEqual([]);
    // Every member of a real activity given a value of each wrong type: a 4xx or an answer, never a 5xx.
    // A connector that answers: a wrong deliveryMode means replies posted to it, not a 502 from an unreachable one.
    const connector = await startFakeConnector();
    cleanups.push(connector.close);
    for (const key of Object.keys(valid)) {
      for (const wrong of [12, 'x', [], null, { nested: { deeper: [1] } }, true]) {
        const response = await post(url, { ...valid, serviceUrl: connector.url, id: `${key}-${JSON.stringify(wrong)}`, [key]: wrong });
        expect(response.status, `${key}: ${JSON.stringify(wrong)}`).toBeLessThan(500);
      }
    }
  });

  it('refuses a body that is not JSON, too deep or of another content type with a 4xx in the API error shape', async () => {
    const { url } = await harness();
    const send = (body: string, type = 'application/json') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    const malformed = await send('{"type":"message",');
    expect([malformed.status, ((await malformed.json()) as any).error.code]).toEqual([400, 'invalid_json']);
    const deep = await send(JSON.stringify(activity('conv-7', { deliveryMode: 'expectReplies' })).replace(/}$/, `,"value":${'['.repeat(5000)}${']'.repeat(5000)}}`));
    expect([deep.status, ((await deep.json()) as any).error.code]).toEqual([400, 'json_too_deep']);
    const form = await send('type=message', 'application/x-www-form-urlencoded');
    expect([form.status, ((await form.json()) as any).error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('anonymous: warns loudly at start, and refuses a serviceUrl off this machine without any request to it', async () => {
    const logs: Array<{ level: string; message: string }> = [];
    const record = (level: string) => (_details: object, message?: string) => logs.push({ level, message: message ?? '' });
    const logger = { info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };
    const flow = menuFlow(3);
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'bf', channel: 'botframework', address: 'default', flowId: flow.id });
    const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
    const { router } = createBotFramework({ conversations, config: readBotFrameworkConfig({}, false), logger });
    expect(logs.filter((l) => l.level === 'warn' && /^BOT FRAMEWORK CHANNEL OPEN TO ANYONE/.test(l.message))).toHaveLength(1);
    const server: Server = await new Promise((resolve) => {
      const s = express()
        .use(router)
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;

    // Refused before the turn: no flow runs, so no reply is ever posted anywhere.
    const connector = await startFakeConnector();
    cleanups.push(connector.close);
    for (const serviceUrl of ['http://169.254.169.254/latest/', 'https://smba.trafficmanager.net/teams/', 'http://10.0.0.5:8080/', 'http://127.0.0.1.nip.io:8080/']) {
      const refused = await post(url, activity(`conv-far-${serviceUrl}`, { text: 'Bonjour' }, serviceUrl));
      expect(refused.status, serviceUrl).toBe(403);
      expect(((await refused.json()) as any).error.code).toBe('service_url_refused');
    }
    // Nor one that names no address on this machine: missing (replies expected in the answer), or not an absolute http(s) URL.
    const nowhere: Array<[string, Record<string, unknown>]> = [
      ['missing', { serviceUrl: undefined, deliveryMode: 'expectReplies' }],
      ['//evil.example/', { deliveryMode: 'expectReplies' }],
      ['evil.example:443', { deliveryMode: 'expectReplies' }],
      ['ftp://127.0.0.1/', {}],
    ];
    for (const [serviceUrl, fields] of nowhere) {
      const refused = await post(url, activity(`conv-nowhere-${serviceUrl}`, { text: 'Bonjour', ...fields }, serviceUrl));
      expect(refused.status, serviceUrl).toBeGreaterThanOrEqual(400);
      expect(refused.status, serviceUrl).toBeLessThan(500);
    }
    expect(port.calls).toEqual([]);
    expect(connector.posts).toEqual([]);
    // On this machine it works as before.
    expect((await post(url, activity('conv-near', { text: 'Bonjour' }, connector.url))).status).toBe(200);
    expect(connector.posts).toHaveLength(1);
  });

  it('answers 502 when the replies cannot be posted to the serviceUrl, without the SDK telling the user to fix the source code', async () => {
    const { url } = await harness();
    const response = await post(url, activity('conv-8', { text: 'Bonjour' }, 'http://127.0.0.1:9'));
    expect(response.status).toBe(502);
    expect(((await response.json()) as any).error).toMatchObject({ code: 'connector_failed', message: expect.stringContaining('http://127.0.0.1:9') });
  });
});
