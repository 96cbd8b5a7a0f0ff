import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, it } from 'vitest';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { createWhatsApp } from './createWhatsApp.ts';
import { readWhatsAppConfig } from './whatsappConfig.ts';
import { startFakeGraphServer } from './testing/fakeGraphServer.ts';
import { postWebhook } from './testing/postWebhook.ts';
import { buttonReply, imageMessage, listReply, statusUpdate, textMessage } from './testing/webhookFixtures.ts';

const SECRET = 'test-app-secret';
const PHONE_ID = '100000000000001';
const WA_ID = '2290197000001';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

describe('explore', () => {
  it('plays', async () => {
    const flow = menuFlow(3);
    const graph = await startFakeGraphServer({ accessToken: 'graph-token' });
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'wa-demo', channel: 'whatsapp', address: PHONE_ID, flowId: flow.id });
    const config = readWhatsAppConfig({ WHATSAPP_VERIFY_TOKEN: 'verify-me', WHATSAPP_APP_SECRET: SECRET, WHATSAPP_ACCESS_TOKEN: 'graph-token', WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_SEND_TIMEOUT_MS: '2000' });
    const { router, channel } = createWhatsApp({ port, bindings: port, ledger: new MemoryLedger(), config, defaultInactivityMinutes: 30, inbox: { backoff: { baseMs: 20, maxMs: 50, jitter: 0 } } });
    channel.start();
    const server: Server = await new Promise((resolve) => { const s = express().use(router).listen(0, '127.0.0.1', () => resolve(s)); });
    cleanups.push(async () => { server.close(); await channel.close(); await graph.close(); });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sender = { phoneNumberId: PHONE_ID, waId: WA_ID };
    let seen = 0;
    const step = async (label: string, body: unknown, raw?: string) => {
      const r = raw !== undefined ? await postWebhook(url, raw as never, SECRET) : await postWebhook(url, body, SECRET);
      await channel.queue.idle();
      await new Promise((r) => setTimeout(r, 50));
      const sent = graph.sent().slice(seen);
      seen = graph.sent().length;
      console.log(`## ${label} → ${r.status} ${(await r.text()).slice(0, 100)}\n` + sent.map((c) => `   ${JSON.stringify(c.body).slice(0, 400)}`).join('\n'));
    };
    const msg = (type: string, content: Record<string, unknown>) => {
      const b = textMessage('x', sender) as any;
      const m = b.entry[0].changes[0].value.messages[0];
      delete m.text; m.type = type; Object.assign(m, content);
      return b;
    };
    const far = textMessage('Bonjour', sender) as any;
    far.entry[0].changes[0].value.messages[0].timestamp = '99999999999999999999';
    await step('far timestamp', far);
    await step('Hello', textMessage('Hello', sender));
  });
});
