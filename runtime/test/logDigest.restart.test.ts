import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useLogDigestKey } from '@griot/connectors';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { createLogger } from '../src/logger.ts';
import { logKeyCommand } from '../src/cli/logKeyCommand.ts';
import { makeDataDir, startTestServer } from './helpers/testServer.ts';

/**
 * An operator follows one WhatsApp subscriber through the logs: the digest that stands for the
 * number is the same after a restart, and `griot log-key <number>` prints it; the number itself
 * never appears in a log line.
 */
const APP_SECRET = 'log-digest-app-secret';
const NUMBER = '2290197000077';
const sender = { phoneNumberId: '100000000000001', waId: NUMBER };

let graph: FakeGraphServer;
let dataDir: string;
const env = () => ({ GRIOT_DEMO: '1', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_GRAPH_BASE_URL: graph.url });

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
  dataDir = await makeDataDir();
});
afterAll(() => graph.close());

/** One server's life: a message from the subscriber, its reply, and every log line written meanwhile. */
async function oneLife(sent: number): Promise<string[]> {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => void lines.push(line) });
  const server = await startTestServer({ dataDir, env: env(), start: { logger } });
  try {
    expect((await postWebhook(server.url, wa.textMessage('Bonjour', sender), APP_SECRET)).status).toBe(200);
    await graph.waitForSent(sent);
  } finally {
    await server.stop({ keepData: true });
  }
  return lines;
}

/** The digests standing for digit runs in a session key (`whatsapp:#…` — the business number's, then the subscriber's). */
const digestsIn = (lines: string[]) => new Set(lines.flatMap((line) => [...line.matchAll(/(?<=[:"])#[0-9a-f]{10}\b/g)].map((m) => m[0])));

describe('log digests of a subscriber', () => {
  it('stay the same across a restart, match `griot log-key`, and the number is never in clear', async () => {
    const before = await oneLife(1);
    // A new process: whatever key the last one held is gone.
    useLogDigestKey(randomBytes(32));
    const after = await oneLife(2);

    const first = digestsIn(before);
    expect(first.size).toBeGreaterThan(0);
    expect(digestsIn(after)).toEqual(first);
    for (const line of [...before, ...after]) expect(line).not.toContain(NUMBER);

    useLogDigestKey(randomBytes(32));
    const printed: string[] = [];
    expect(await logKeyCommand(`+${NUMBER}`, { DATA_DIR: dataDir }, (line) => printed.push(line))).toBe(0);
    expect(printed.map((line) => line.split('\t')[0])).toEqual([NUMBER, `+${NUMBER}`]);
    const subscriber = printed.map((line) => line.split('\t')[1]!).filter((digest) => first.has(digest));
    expect(subscriber).toHaveLength(1);
  }, 30_000);

  it('`griot log-key` with the wrong DATA_DIR refuses, creating nothing, rather than print digests matching nothing', async () => {
    const wrong = await makeDataDir();
    const printed: string[] = [];
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await logKeyCommand(`+${NUMBER}`, { DATA_DIR: wrong }, (line) => printed.push(line))).toBe(78);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual([]);
    expect(errors.join('\n')).toMatch(/GRIOT_ANALYTICS_KEY is not set and there is no store at/);
    expect(readdirSync(wrong)).toEqual([]);
    // With the key given, no store is needed: the digests are printed.
    expect(await logKeyCommand(`+${NUMBER}`, { DATA_DIR: wrong, GRIOT_ANALYTICS_KEY: randomBytes(32).toString('base64') }, (line) => printed.push(line))).toBe(0);
    expect(printed).toHaveLength(2);
  });
});
