import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { readBotFrameworkConfig } from './botFrameworkConfig.ts';
import { botFrameworkReplies } from './botFrameworkReplies.ts';
import { botFrameworkTokens } from './botFrameworkTokens.ts';
import { ConversationReferences } from './conversationReferences.ts';
import { createBotFramework } from './createBotFramework.ts';
import { startFakeConnector } from './testing/fakeConnector.ts';
import { startFakeEntra } from './testing/fakeEntra.ts';
import { startRedirectTrap } from '../http/testing/redirectTrap.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SECRET = 'the-bot-secret';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const target = (conversation: string) => ({ sessionKey: `botframework:${conversation}`, channel: 'botframework' as const, callerNumber: 'botframework:29:user', locale: 'fr' });
const teamsActivity = (conversation: string, serviceUrl: string) => ({
  type: 'message',
  id: `act-${conversation}`,
  channelId: 'msteams',
  serviceUrl,
  from: { id: '29:user', name: 'Afiavi' },
  recipient: { id: `28:${APP_ID}`, name: 'Griot' },
  conversation: { id: conversation, tenantId: 'tenant-1' },
  text: 'Bonjour',
  deliveryMode: 'expectReplies',
});

async function setUp(env: Record<string, string>, production = false) {
  const entra = await startFakeEntra();
  entra.clients.set(APP_ID, SECRET);
  const connector = await startFakeConnector();
  cleanups.push(entra.close, connector.close);
  // The fake connector listens on loopback: a host the bot may post to only when named (`BOTFRAMEWORK_SERVICE_HOSTS`).
  const config = readBotFrameworkConfig({ ...(env.MicrosoftAppId ? { authorityEndpoint: entra.authority, BOTFRAMEWORK_SERVICE_HOSTS: '127.0.0.1' } : {}), ...env }, production);
  const references = new ConversationReferences(new MemoryChannelStates());
  const deps = { config, references, tokens: botFrameworkTokens(config), ledger: new MemoryLedger(), logger };
  const replies = botFrameworkReplies(() => deps);
  return { entra, connector, config, references, replies };
}

describe('Bot Framework: an agent writing first', () => {
  it('posts to the conversation with a token the bot’s authority gave for its own credentials, once per reply', { timeout: 20_000 }, async () => {
    const { entra, connector, references, replies } = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET });
    await references.remember(teamsActivity('a:conv-1', connector.url));
    await replies.sendAgentText(target('a:conv-1'), 'Bonjour, ici Awa.', 'awa', 'contact-1:m-1');
    await replies.sendAgentText(target('a:conv-1'), 'Bonjour, ici Awa.', 'awa', 'contact-1:m-1');
    await replies.sendAgentText(target('a:conv-1'), 'Votre forfait est réactivé.', 'awa', 'contact-1:m-2');
    expect(connector.posts.map((p) => [p.path, p.activity.text])).toEqual([
      ['/v3/conversations/a%3Aconv-1/activities', 'Bonjour, ici Awa.'],
      ['/v3/conversations/a%3Aconv-1/activities', 'Votre forfait est réactivé.'],
    ]);
    expect(connector.posts[0]?.activity).toMatchObject({ from: { id: `28:${APP_ID}` }, recipient: { id: '29:user' }, conversation: { id: 'a:conv-1', tenantId: 'tenant-1' }, channelId: 'msteams' });
    // One token, for the Bot Connector's audience, kept for the next replies.
    expect(entra.issued).toHaveLength(1);
    expect(connector.posts.map((p) => p.authorization)).toEqual([`Bearer ${entra.issued[0]}`, `Bearer ${entra.issued[0]}`]);
    expect(JSON.parse(Buffer.from(entra.issued[0]!.split('.')[1]!, 'base64url').toString('utf8'))).toMatchObject({ aud: 'https://api.botframework.com', appid: APP_ID });
    expect(await replies.platformOf?.(target('a:conv-1'))).toBe('msteams');
  });

  it('says "not now" when no token can be had (a wrong secret), and "never" when the conversation is gone or the bot removed', { timeout: 20_000 }, async () => {
    const wrong = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-the-secret' });
    await wrong.references.remember(teamsActivity('a:conv-2', wrong.connector.url));
    const noToken = await wrong.replies.sendAgentText(target('a:conv-2'), 'Bonjour', 'awa', 'c:1').catch((e: unknown) => e);
    expect(noToken).toBeInstanceOf(ReplyNotDeliveredError);
    expect(noToken).toMatchObject({ reason: 'platformUnavailable' });
    expect(wrong.connector.posts).toEqual([]);

    const { connector, references, replies } = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET });
    await references.remember(teamsActivity('a:conv-3', connector.url));
    const outcomes: unknown[] = [];
    for (const status of [404, 403, 503, 429]) {
      connector.failNext(status);
      outcomes.push(await replies.sendAgentText(target('a:conv-3'), 'Bonjour', 'awa', `c:${status}`).catch((e: ReplyNotDeliveredError) => [e.reason, e.retryAfterSeconds]));
    }
    expect(outcomes).toEqual([
      ['recipientUnavailable', undefined],
      ['recipientUnavailable', undefined],
      ['platformUnavailable', undefined],
      ['platformUnavailable', 7],
    ]);
    // A conversation Griot never heard from has no address.
    expect(await replies.sendAgentText(target('a:never'), 'Bonjour', 'awa', 'c:x').catch((e: ReplyNotDeliveredError) => e.reason)).toBe('recipientUnavailable');
  });

  it('sends nothing, nor a token, to a serviceUrl the channel would not answer to', { timeout: 20_000 }, async () => {
    // Anonymous: only this machine, as for answers.
    const anonymous = await setUp({});
    await anonymous.references.remember(teamsActivity('a:far', 'http://169.254.169.254/latest/'));
    expect(await anonymous.replies.sendAgentText(target('a:far'), 'Bonjour', 'awa', 'c:1').catch((e: ReplyNotDeliveredError) => e.reason)).toBe('refused');
    // With an app id in production: https only.
    const production = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET }, true);
    await production.references.remember(teamsActivity('a:plain', production.connector.url));
    expect(await production.replies.sendAgentText(target('a:plain'), 'Bonjour', 'awa', 'c:2').catch((e: ReplyNotDeliveredError) => e.reason)).toBe('refused');
    expect([...anonymous.connector.posts, ...production.connector.posts]).toEqual([]);
    expect(production.entra.issued).toEqual([]);
  });

  it('keeps the reference only of an activity the channel accepted: not one whose serviceUrl the token does not name, nor one elsewhere when anonymous', { timeout: 20_000 }, async () => {
    const entra = await startFakeEntra();
    const connector = await startFakeConnector();
    cleanups.push(entra.close, connector.close);
    const listen = async (env: Record<string, string>) => {
      const flow = menuFlow(3);
      const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'bf', channel: 'botframework', address: 'default', flowId: flow.id });
      const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
      const references = new ConversationReferences(new MemoryChannelStates());
      const { router } = createBotFramework({ conversations, config: readBotFrameworkConfig({ ...env, BOTFRAMEWORK_BINDING_ADDRESS: 'default' }, false), references });
      const server: Server = await new Promise((resolve) => {
        const s = express()
          .use(router)
          .listen(0, '127.0.0.1', () => resolve(s));
      });
      cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
      const post = (activity: object, token?: string) =>
        fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(activity),
        });
      return { post, references };
    };
    // Signed by the Bot Connector for another serviceUrl: refused before any turn, nothing kept.
    const signed = await listen({ MicrosoftAppId: APP_ID, authorityEndpoint: entra.authority, BOTFRAMEWORK_SERVICE_HOSTS: '127.0.0.1' });
    expect((await signed.post(teamsActivity('a:elsewhere', connector.url), entra.token(APP_ID, { serviceurl: 'https://smba.trafficmanager.net/emea/' }))).status).toBe(400);
    expect(await signed.references.get('a:elsewhere')).toBeNull();
    // Anonymous: a serviceUrl off this machine is refused and not kept; one on it is.
    const anonymous = await listen({});
    expect((await anonymous.post(teamsActivity('a:metadata', 'http://169.254.169.254/latest/'))).status).toBe(403);
    expect(await anonymous.references.get('a:metadata')).toBeNull();
    expect((await anonymous.post(teamsActivity('a:near', connector.url))).status).toBe(200);
    expect(await anonymous.references.get('a:near')).toMatchObject({ serviceUrl: connector.url, channelId: 'msteams', bot: { id: `28:${APP_ID}` }, user: { id: '29:user' }, tenantId: 'tenant-1' });
  });
});

describe('Bot Framework with an app id: only the Bot Connector’s hosts get the bot’s token', () => {
  it('refuses an activity whose serviceUrl is no Bot Connector host, even with an Entra token naming no serviceUrl: no turn, no reference kept', { timeout: 20_000 }, async () => {
    const entra = await startFakeEntra();
    const collector = await startFakeConnector();
    cleanups.push(entra.close, collector.close);
    const flow = menuFlow(3);
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'bf', channel: 'botframework', address: 'default', flowId: flow.id });
    const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
    const references = new ConversationReferences(new MemoryChannelStates());
    const { router } = createBotFramework({
      conversations,
      config: readBotFrameworkConfig({ MicrosoftAppId: APP_ID, authorityEndpoint: entra.authority, BOTFRAMEWORK_BINDING_ADDRESS: 'default' }, false),
      references,
    });
    const server: Server = await new Promise((resolve) => {
      const s = express()
        .use(router)
        .listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const post = (activity: object) =>
      fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${entra.token(APP_ID)}` },
        body: JSON.stringify(activity),
      });
    for (const [conversation, serviceUrl] of [
      ['a:victim', collector.url],
      ['a:lookalike', 'https://smba.trafficmanager.net.evil.example/emea/'],
    ] as const) {
      const response = await post(teamsActivity(conversation, serviceUrl));
      expect(response.status, serviceUrl).toBe(403);
      expect(((await response.json()) as any).error.code).toBe('service_url_refused');
      expect(await references.get(conversation)).toBeNull();
    }
    expect(port.calls).toEqual([]);
    expect(collector.posts).toEqual([]);
  });

  it('sends an agent’s reply, nor the bot’s token, to no stored serviceUrl off the Bot Connector’s hosts', { timeout: 20_000 }, async () => {
    const { entra, connector, references, replies } = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, BOTFRAMEWORK_SERVICE_HOSTS: 'connector.operator.example' });
    await references.remember(teamsActivity('a:stored', connector.url));
    expect(await replies.sendAgentText(target('a:stored'), 'Bonjour', 'awa', 'c:1').catch((e: ReplyNotDeliveredError) => e.reason)).toBe('refused');
    expect(connector.posts).toEqual([]);
    expect(entra.issued).toEqual([]);
  });

  it('says "not now" for the bot’s turn after a release when the conversation reference cannot be read (the store down)', async () => {
    const states = new MemoryChannelStates();
    const config = readBotFrameworkConfig({}, false);
    const references = new ConversationReferences(states);
    states.get = async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    const replies = botFrameworkReplies(() => ({ config, references, tokens: botFrameworkTokens(config), ledger: new MemoryLedger(), logger }));
    const turn = { effects: [{ type: 'say' as const, text: 'Autre chose ?' }], session: { flowId: 'menu', turns: 3 } };
    const failure = await replies.sendBotTurn(target('a:conv-down'), turn as never).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReplyNotDeliveredError);
    expect(failure).toMatchObject({ reason: 'platformUnavailable' });
  });

  it('follows no redirect, from the authority (it would resend the client secret) nor from the connector (the reply and its token)', { timeout: 20_000 }, async () => {
    const authority = await startRedirectTrap(307);
    cleanups.push(authority.close);
    const config = readBotFrameworkConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, authorityEndpoint: authority.url, BOTFRAMEWORK_SERVICE_HOSTS: '127.0.0.1' }, false);
    const noToken = await botFrameworkTokens(config)
      .token()
      .catch((e: unknown) => e);
    expect(noToken).toMatchObject({ message: expect.stringContaining('redirect') });
    expect(authority.collected).toEqual([]);

    const { references, replies } = await setUp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET });
    const connector = await startRedirectTrap(308);
    cleanups.push(connector.close);
    await references.remember(teamsActivity('a:moved', connector.url));
    const refused = await replies.sendAgentText(target('a:moved'), 'Votre code PUK est 12345678', 'awa', 'c:1').catch((e: ReplyNotDeliveredError) => e);
    expect(refused).toMatchObject({ reason: 'refused', message: expect.stringContaining('redirect') });
    expect(connector.collected).toEqual([]);
  });
});
