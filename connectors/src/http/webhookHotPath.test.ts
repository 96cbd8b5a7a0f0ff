import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HotRoutes } from './HotRoutes.ts';
import { whatsappHotPath, whatsappRouter } from '../whatsapp/whatsappRouter.ts';
import type { WhatsAppChannel } from '../whatsapp/WhatsAppChannel.ts';
import { telegramHotPath, telegramRouter, SECRET_HEADER } from '../telegram/telegramRouter.ts';
import type { TelegramChannel } from '../telegram/TelegramChannel.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';
import { textMessage } from '../whatsapp/testing/webhookFixtures.ts';

// The messaging webhooks answered ahead of express (webhookHotPath): the platform must see the
// same answers as from the express route, each message recorded before its 200, and what the
// hot path takes must not walk the express app at all.
const SECRET = 'hot-path-unit-app-secret';

/** What the fake channel does with the next message: record it, say busy, or fail to record it. */
let mode: 'accept' | 'busy' | 'fail' | 'slow' = 'accept';
let release: (() => void) | undefined;
const accepted: unknown[] = [];
const accept = async (body: unknown) => {
  if (mode === 'fail') throw new Error('store down');
  if (mode === 'busy') return { status: 'busy' };
  if (mode === 'slow') await new Promise<void>((resolve) => (release = resolve));
  accepted.push(body);
  return { status: 'accepted' };
};
const channel = { accept } as unknown as WhatsAppChannel & TelegramChannel;

/** Requests that walked the express app (a middleware ahead of the channel's router). */
const walked: string[] = [];

async function serve(hot: boolean): Promise<{ url: string; server: Server }> {
  const app = express()
    .use((req, _res, next) => {
      walked.push(`${req.method} ${req.path}`);
      next();
    })
    .use(whatsappRouter({ channel, appSecret: SECRET }))
    .use(telegramRouter({ channel, secret: SECRET, production: true }));
  const routes = new HotRoutes();
  if (hot) {
    routes.add(whatsappHotPath({ channel, appSecret: SECRET }, routes.client));
    routes.add(telegramHotPath({ channel, secret: SECRET, production: true }, routes.client));
  }
  const server = createServer(routes.listener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let hot: { url: string; server: Server };
let plain: { url: string; server: Server };
beforeAll(async () => {
  hot = await serve(true);
  plain = await serve(false);
});
afterAll(async () => {
  for (const s of [hot, plain]) await new Promise((resolve) => s.server.close(resolve));
});

const answer = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body: await res.text() });
const postWhatsApp = (base: string, body: string, signature: string | undefined) =>
  fetch(`${base}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body });
const postTelegram = (base: string, body: string, secret: string | undefined) =>
  fetch(`${base}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { [SECRET_HEADER]: secret } : {}) }, body });

describe('messaging webhooks ahead of express', () => {
  it('answers every case as the express route does, and the hot one never walks the express app', async () => {
    const body = JSON.stringify(textMessage('1'));
    const cases: Array<[string, (base: string) => Promise<Response>]> = [
      ['signed', (b) => postWhatsApp(b, body, signBody(SECRET, body))],
      ['forged', (b) => postWhatsApp(b, body, signBody('other', body))],
      ['unsigned', (b) => postWhatsApp(b, body, undefined)],
      ['not JSON', (b) => postWhatsApp(b, '{"a":', signBody(SECRET, '{"a":'))],
      ['too large', (b) => postWhatsApp(b, 'x'.repeat(1024 * 1024 + 1), signBody(SECRET, 'x'.repeat(1024 * 1024 + 1)))],
      ['telegram', (b) => postTelegram(b, '{"update_id":1}', SECRET)],
      ['telegram forged', (b) => postTelegram(b, '{"update_id":1}', 'guess')],
      ['telegram unsigned', (b) => postTelegram(b, '{"update_id":1}', undefined)],
      ['telegram too large', (b) => postTelegram(b, `{"p":"${'x'.repeat(1024 * 1024)}"}`, SECRET)],
    ];
    for (const [name, send] of cases) {
      walked.length = 0;
      const fromHot = await answer(await send(hot.url));
      expect(walked, name).toEqual([]);
      const fromExpress = await answer(await send(plain.url));
      expect(walked, name).not.toEqual([]);
      // express's 413 comes from its error handler as HTML: the hot path answers in the API's shape.
      if (name.endsWith('too large')) expect([fromHot.status, JSON.parse(fromHot.body).error.code], name).toEqual([413, 'entity_too_large']);
      else expect(fromHot, name).toEqual(fromExpress);
    }
    expect(accepted).toHaveLength(4); // the two signed ones, on each path
  });

  it('answers 200 only once the message is recorded; 503 with Retry-After when it cannot be', async () => {
    const body = JSON.stringify(textMessage('2'));
    mode = 'slow';
    let answered = false;
    const pending = postWhatsApp(hot.url, body, signBody(SECRET, body)).then(async (res) => ((answered = true), answer(res)));
    await expect.poll(() => release).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release?.();
    expect((await pending).status).toBe(200);
    mode = 'fail';
    const failed = await answer(await postWhatsApp(hot.url, body, signBody(SECRET, body)));
    expect([failed.status, failed.retryAfter, JSON.parse(failed.body).error.code]).toEqual([503, '5', 'store_unavailable']);
    mode = 'busy';
    const busy = await answer(await postTelegram(hot.url, '{"update_id":2}', SECRET));
    expect([busy.status, busy.retryAfter, JSON.parse(busy.body).error.code]).toEqual([503, '5', 'busy']);
    mode = 'accept';
  });

  it('leaves other methods, paths and compressed bodies to express', async () => {
    walked.length = 0;
    await fetch(`${hot.url}/whatsapp/webhook?hub.mode=subscribe`);
    await fetch(`${hot.url}/whatsapp/webhook/`, { method: 'POST', body: '{}' });
    expect(walked).toEqual(['GET /whatsapp/webhook', 'POST /whatsapp/webhook/']);
  });
});
