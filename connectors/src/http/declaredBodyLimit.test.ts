import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { messengerHotPath, messengerRouter } from '../messenger/messengerRouter.ts';
import type { MessengerChannel } from '../messenger/MessengerChannel.ts';
import { SECRET_HEADER, telegramHotPath, telegramRouter } from '../telegram/telegramRouter.ts';
import type { TelegramChannel } from '../telegram/TelegramChannel.ts';
import { mountUssdForTests, type MountedUssd } from '../ussd/testing/mountUssdForTests.ts';
import { signJambonz } from '../voice/signature.ts';
import { FlowPort } from '../voice/testing/flowPort.ts';
import { callHookPayload } from '../voice/testing/jambonzPayloads.ts';
import { startVoiceTestServer, type VoiceTestServer } from '../voice/testing/voiceTestServer.ts';
import { voiceTestFlow } from '../voice/testing/voiceTestFlow.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';
import { textMessage } from '../whatsapp/testing/webhookFixtures.ts';
import type { WhatsAppChannel } from '../whatsapp/WhatsAppChannel.ts';
import { whatsappHotPath, whatsappRouter } from '../whatsapp/whatsappRouter.ts';
import { limitInBytes } from './declaredBodyLimit.ts';
import { HotRoutes } from './HotRoutes.ts';
import { jsonBody } from './jsonBody.ts';
import { rawPost } from './testing/rawPost.ts';

// A request declaring a body over the limit is answered 413 at once from its header and its
// connection closed, on every path that reads a body: before, the whole declared length was read
// (and thrown away) first, so a client declaring 50 MB and sending a few bytes held the socket
// for node's request timeout (300 s). A chunked body is refused as soon as it passes the limit,
// not read to its end first: one that never ends gets its 413 as promptly.
const SECRET = 'declared-body-limit-secret';
const USSD_TOKEN = 'declared-body-limit-ussd-token';
const DECLARED = 50 * 1024 * 1024;
const MB = 1024 * 1024;

const channel = { accept: async () => ({ status: 'accepted', fresh: true }) } as unknown as WhatsAppChannel & MessengerChannel & TelegramChannel;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** One body reader: where it is, its limit, and a body it takes (with the headers that get it read). */
interface Reader {
  name: string;
  url: () => string;
  limit: number;
  headers: Record<string, string>;
  ok: () => { body: string; headers?: Record<string, string>; status: number };
}

const servers: { url: string; server: Server }[] = [];
let voiceHot: VoiceTestServer;
let voicePlain: VoiceTestServer;
let ussdHot: MountedUssd;
let ussdPlain: MountedUssd;

beforeAll(async () => {
  const messaging = (hot: boolean) => {
    const app = express()
      .use(whatsappRouter({ channel, appSecret: SECRET }))
      .use(messengerRouter({ channel, appSecret: SECRET }))
      .use(telegramRouter({ channel, secret: SECRET, production: true }))
      .post('/json', jsonBody({ limit: '16kb' }), (_req, res) => void res.json({ ok: true }));
    const routes = new HotRoutes();
    if (hot) {
      routes.add(whatsappHotPath({ channel, appSecret: SECRET }, routes.client));
      routes.add(messengerHotPath({ channel, appSecret: SECRET }, routes.client));
      routes.add(telegramHotPath({ channel, secret: SECRET, production: true }, routes.client));
    }
    return serve(routes.listener(app));
  };
  servers.push(await messaging(true), await messaging(false));
  const flow = voiceTestFlow();
  const voicePort = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
  voiceHot = await startVoiceTestServer({ conversations: voicePort, bindings: voicePort, webhookSecret: SECRET });
  voicePlain = await startVoiceTestServer({ conversations: voicePort, bindings: voicePort, webhookSecret: SECRET }, { hotPath: false });
  const ussdFlow = menuFlow(3);
  const ussdPort = () => new InterpreterPort({ [ussdFlow.id]: ussdFlow }).bind({ id: 'u', channel: 'ussd', address: '*919#', flowId: ussdFlow.id });
  ussdHot = await mountUssdForTests({ port: ussdPort(), env: { USSD_CALLBACK_TOKEN: USSD_TOKEN } });
  ussdPlain = await mountUssdForTests({ port: ussdPort(), env: { USSD_CALLBACK_TOKEN: USSD_TOKEN }, expressOnly: true });
});
afterAll(async () => {
  for (const { server } of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all([voiceHot.close(), voicePlain.close(), ussdHot.close(), ussdPlain.close()]);
});

const json = { 'content-type': 'application/json' };
const metaOk = () => {
  const body = JSON.stringify(textMessage('1'));
  return { body, headers: { 'x-hub-signature-256': signBody(SECRET, body) }, status: 200 };
};
const jambonzOk = () => {
  const body = JSON.stringify(callHookPayload({ callSid: `CA-${Math.random()}`, from: '+2290197000001', to: '1919' }));
  return { body, headers: { 'jambonz-signature': signJambonz(SECRET, body) }, status: 200 };
};
const ussdForm = 'sessionId=ATUid_limit&serviceCode=*919%23&phoneNumber=%2B2290197000001&networkCode=61603&text=';

const readers: Reader[] = [];
for (const [path, kind] of [
  ['hot path', 0],
  ['express route', 1],
] as const) {
  const base = () => servers[kind]!.url;
  readers.push(
    { name: `WhatsApp webhook, ${path}`, url: () => `${base()}/whatsapp/webhook`, limit: MB, headers: json, ok: metaOk },
    { name: `Messenger webhook, ${path}`, url: () => `${base()}/messenger/webhook`, limit: MB, headers: json, ok: metaOk },
    { name: `Telegram webhook, ${path}`, url: () => `${base()}/telegram/webhook`, limit: MB, headers: { ...json, [SECRET_HEADER]: SECRET }, ok: () => ({ body: '{"update_id":1}', status: 200 }) },
    { name: `jambonz call hook, ${path}`, url: () => `${(kind === 0 ? voiceHot : voicePlain).url}/jambonz/call`, limit: limitInBytes('512kb'), headers: json, ok: jambonzOk },
    {
      name: `USSD callback, ${path}`,
      url: () => `${(kind === 0 ? ussdHot : ussdPlain).url}/ussd?token=${USSD_TOKEN}`,
      limit: 8 * 1024,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ok: () => ({ body: ussdForm, status: 200 }),
    },
  );
}
readers.push({
  name: 'a JSON route (jsonBody: the API, web chat, Bot Framework)',
  url: () => `${servers[1]!.url}/json`,
  limit: 16 * 1024,
  headers: json,
  ok: () => ({ body: '{"a":1}', status: 200 }),
});

describe.each(readers)('$name', (reader) => {
  it('answers 413 at once to a body declared over its limit, reads none of it, and closes the connection', async () => {
    const answer = await rawPost(reader.url(), '{"a":', { declare: DECLARED, headers: reader.headers });
    expect([answer.status, answer.headers.connection, answer.closed]).toEqual([413, 'close', true]);
    // At once: not after the 50 MB that never come (node's request timeout is 300 s).
    expect(answer.ms).toBeLessThan(2_000);
  });

  it('answers 413 at once to a chunked body that passes its limit and never ends, and closes the connection', async () => {
    const answer = await rawPost(reader.url(), Buffer.alloc(reader.limit + 32 * 1024, 'x'), { chunked: 16 * 1024, endless: true, headers: reader.headers });
    expect([answer.status, answer.headers.connection, answer.closed]).toEqual([413, 'close', true]);
    // At once: body-parser alone read a chunked body to its end before its 413, and this one has none.
    expect(answer.ms).toBeLessThan(2_000);
  });

  it('still refuses a chunked body past its limit, and takes a body within it', async () => {
    const chunked = await rawPost(reader.url(), Buffer.alloc(reader.limit + 1024, 'x'), { chunked: 16 * 1024, headers: reader.headers });
    expect(chunked.status).toBe(413);
    const ok = reader.ok();
    const taken = await rawPost(reader.url(), ok.body, { headers: { ...reader.headers, ...ok.headers } });
    expect(taken.status).toBe(ok.status);
  });
});

describe('limitInBytes', () => {
  it('reads limits as body-parser spells them, in units of 1024', () => {
    expect([limitInBytes(1024), limitInBytes('512kb'), limitInBytes('20mb'), limitInBytes('16KB'), limitInBytes('100')]).toEqual([1024, 524_288, 20_971_520, 16_384, 100]);
    expect(() => limitInBytes('lots')).toThrow(/not a body limit/);
  });
});
