import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A WhatsApp turn that fails on its last attempt (here the store refuses one write): the
 * subscriber is told of a technical problem, and the contact ends on an error with its cause —
 * in the transcript, and in a log line naming it by its digest — instead of staying open as if
 * nothing happened until it expires.
 */
const APP_SECRET = 'end-on-error-app-secret';
const sender = { phoneNumberId: '100000000000001', waId: '2290197000066' };
let graph: FakeGraphServer;
let server: TestServer;
const lines: Array<Record<string, unknown> & { msg: string }> = [];

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({
    env: { GRIOT_DEMO: '1', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_MAX_ATTEMPTS: '1' },
    start: { logger },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

describe('a WhatsApp turn that fails on its last attempt', () => {
  it('ends the contact on an error, with its cause, in the transcript and the log', async () => {
    expect((await postWebhook(server.url, wa.textMessage('Bonjour', sender), APP_SECRET)).status).toBe(200);
    await graph.waitForSent(1);
    const key = `whatsapp:${sender.phoneNumberId}:${sender.waId}`;
    expect((await server.store.getTranscript(key))?.endReason).toBeUndefined();

    // The store is down for one write: the next turn fails.
    const saveTurn = server.store.saveTurn.bind(server.store);
    let refused = 0;
    server.store.saveTurn = async (write) => {
      if (refused++ === 0) throw new Error('store unavailable');
      return saveTurn(write);
    };
    expect((await postWebhook(server.url, wa.buttonReply('fr', 'Français', sender), APP_SECRET)).status).toBe(200);
    const [apology] = (await graph.waitForSent(2)).slice(1);
    expect(apology!.body).toMatchObject({ text: { body: expect.stringMatching(/technical problem|problème technique/i) } });

    const transcript = await vi.waitFor(
      async () => {
        const found = await server.store.getTranscript(key);
        expect(found?.endReason).toBe('error');
        return found!;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(transcript.turns.at(-1)?.input).toEqual({ type: 'end', reason: 'error', cause: 'internalError' });
    const failed = lines.find((l) => l.cause === 'internalError');
    expect(failed).toMatchObject({ session: expect.stringMatching(/^whatsapp:#[0-9a-f]{10}:#[0-9a-f]{10}$/) });
    expect(JSON.stringify(lines)).not.toContain(sender.waId);
  }, 30_000);
});
