import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';

/**
 * The crash test: a real Griot process takes WhatsApp messages, answers Meta 200 for each, and
 * is killed with SIGKILL while their replies are still on their way (the Graph API is slow).
 * Meta never re-delivers what it had a 200 for, so whatever Griot acknowledged must be answered
 * by the next process on the same DATA_DIR: every message exactly once, in order per
 * subscriber, and a late re-delivery by Meta changes nothing.
 */
const APP_SECRET = 'crash-test-app-secret';
const TOKEN = 'crash-graph-token';
const PHONE_NUMBER_ID = '100000000000001';
const SUBSCRIBERS = ['2290197000011', '2290197000012', '2290197000013'];

let graph: FakeGraphServer;
let dataDir: string;
let griot: GriotProcess | undefined;

const env = () => ({
  DATA_DIR: dataDir,
  GRIOT_DEMO: '1',
  GRIOT_ADMIN_TOKEN: 'crash-test-admin-token-0123456789',
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: TOKEN,
  WHATSAPP_GRAPH_BASE_URL: graph.url,
  // A process that died holds its messages this long before another one takes them over.
  WHATSAPP_LEASE_SECONDS: '2',
});

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: TOKEN });
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
  await graph.close();
});

/** Graph requests per inbound message, by the idempotency key Griot puts in `biz_opaque_callback_data` (`<wamid>:<index>`). */
function sendsByCause(): Map<string, string[]> {
  const byCause = new Map<string, string[]>();
  for (const request of graph.sent()) {
    const key = String(request.body.biz_opaque_callback_data);
    const cause = key.slice(0, key.lastIndexOf(':'));
    byCause.set(cause, [...(byCause.get(cause) ?? []), key]);
  }
  return byCause;
}

describe('WhatsApp messages acknowledged, then kill -9', () => {
  it('answers every acknowledged message exactly once after a restart, re-deliveries included', async () => {
    // Each subscriber says hello, then picks French on the language buttons: two messages whose order matters.
    const messages = SUBSCRIBERS.flatMap((waId) => [wa.textMessage('Bonjour', { phoneNumberId: PHONE_NUMBER_ID, waId }), wa.buttonReply('fr', 'Français', { phoneNumberId: PHONE_NUMBER_ID, waId })]);
    const wamid = (body: ReturnType<typeof wa.textMessage>): string => (body.entry[0]!.changes[0]!.value as unknown as { messages: { id: string }[] }).messages[0]!.id;

    griot = await startGriotProcess(env());
    graph.setLatency(60_000);
    for (const body of messages) expect((await postWebhook(griot.url, body, APP_SECRET)).status).toBe(200);
    // Each subscriber's first reply is on its way to Graph (one at a time per subscriber: the
    // second waits behind it), none has been answered: kill now. Not earlier: a reply recorded
    // `uncertain` in the instant before the kill but not yet on the wire is never sent (at most
    // once, docs/channels.md), which is not what this test is about.
    await expect.poll(() => graph.count.received, { timeout: 10_000 }).toBe(SUBSCRIBERS.length);
    await griot.kill9();
    const atKill = { inFlight: graph.count.received, answered: graph.count.accepted };
    expect(atKill.answered).toBe(0);
    expect(atKill.inFlight).toBeLessThan(messages.length);

    // Graph takes what was in flight (as the real one would have), and is quick from now on.
    graph.setLatency(0);
    griot = await startGriotProcess(env());
    const answered = () => messages.filter((m) => (sendsByCause().get(wamid(m))?.length ?? 0) > 0).length;
    await expect
      .poll(answered, { timeout: 30_000, interval: 200 })
      .toBe(messages.length)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nGraph saw: ${JSON.stringify(graph.requests.map((r) => [r.body.biz_opaque_callback_data, r.status]))}\nthe restarted process wrote:\n${griot?.output()}`);
      });

    // Meta re-delivers one of them after the restart: acknowledged, not answered again.
    const redelivered = messages[1]!;
    expect((await postWebhook(griot.url, redelivered, APP_SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const byCause = sendsByCause();
    for (const message of messages) {
      const keys = byCause.get(wamid(message)) ?? [];
      expect(keys.length, `replies to ${wamid(message)}`).toBeGreaterThan(0);
      // Exactly once: no key sent twice.
      expect(new Set(keys).size, `duplicates among ${keys.join(', ')}`).toBe(keys.length);
    }
    expect(graph.sent()).toHaveLength([...byCause.values()].flat().length);
    // In order per subscriber: the language buttons, then (French chosen) the main menu.
    for (const waId of SUBSCRIBERS) {
      const bodies = graph
        .sent()
        .filter((r) => r.body.to === waId)
        .map((r) => r.body);
      expect(bodies[0].interactive.type).toBe('button');
      expect(bodies.at(-1).interactive.body.text).toContain('Bienvenue sur le 1919');
    }
    console.info(
      `crash test: ${messages.length} messages acknowledged; at kill ${atKill.inFlight} replies in flight, ${atKill.answered} answered; after restart ${graph.sent().length} replies for ${byCause.size} messages, 0 duplicates`,
    );
    await griot.stop();
    griot = undefined;
  }, 120_000);
});
