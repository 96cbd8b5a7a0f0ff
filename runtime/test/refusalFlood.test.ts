import { describe, expect, it } from 'vitest';
import { signBody } from '@griot/connectors/messaging/testing';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, startTestServer } from './helpers/testServer.ts';

/**
 * The security review's second finding (step 15): every refused webhook wrote a warning line
 * (5,000 forged requests → 915 KB of log; two lines each on `/ussd?token=bad`). Now the first
 * refusal of each channel and reason is logged, the others counted into one line a minute at
 * most (and at shutdown), and the metric still counts every one.
 */
const WHATSAPP_SECRET = 'flood-whatsapp-app-secret';
const USSD_TOKEN = 'flood-ussd-callback-token-0123';

type Line = { level: string; msg: string; channel?: string; reason?: string; suppressed?: number; path?: string };

async function flood(n: number, send: () => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < n; sent += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, n - sent) }, send));
    for (const res of batch) {
      statuses.push(res.status);
      await res.arrayBuffer();
    }
  }
  return statuses;
}

describe('a flood of refused webhooks', () => {
  it('writes a few lines, not one a request; the summary carries the count and the metric counts all', { timeout: 60_000 }, async () => {
    const lines: Line[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // The throttle of wrong secrets per address is off: this test is about the lines 200 refused tokens write, not
    // about the 429 the eleventh would get (secretGuesses.e2e covers that, and its own log line).
    const server = await startTestServer({
      env: { WHATSAPP_APP_SECRET: WHATSAPP_SECRET, USSD_CALLBACK_TOKEN: USSD_TOKEN, GRIOT_SECRET_GUESSES_PER_ADDRESS: '0' },
      start: { logger },
    });
    let stopped = false;
    try {
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
      const post =
        (path: string, headers: Record<string, string>, payload = body) =>
        () =>
          fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
      const before = lines.length;
      // Forged signatures and none (ahead of express), then a wrong USSD token on both paths (a form: ahead of express; JSON: through it).
      expect(new Set(await flood(300, post('/whatsapp/webhook', { 'x-hub-signature-256': signBody('not-the-app-secret', body) })))).toEqual(new Set([403]));
      expect(new Set(await flood(100, post('/whatsapp/webhook', {})))).toEqual(new Set([401]));
      expect(new Set(await flood(100, post('/ussd?token=bad', { 'content-type': 'application/x-www-form-urlencoded' }, 'sessionId=s&phoneNumber=%2B2290197000001&text=')))).toEqual(new Set([401]));
      expect(new Set(await flood(100, post('/ussd?token=bad', {})))).toEqual(new Set([401]));
      const during = lines.slice(before);
      // One line per channel and reason (the first refusal), no request line for any of them.
      expect(during.filter((l) => l.msg === 'request')).toEqual([]);
      expect(
        during
          .filter((l) => l.level === 'warn')
          .map((l) => `${l.channel} ${l.reason}`)
          .sort(),
      ).toEqual(['ussd badToken', 'whatsapp mismatch', 'whatsapp missing']);
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      expect(metrics).toMatch(/griot_webhook_signature_failures_total\{channel="whatsapp",reason="mismatch"\} 300\b/);
      expect(metrics).toMatch(/griot_webhook_signature_failures_total\{channel="whatsapp",reason="missing"\} 100\b/);
      // The counts not yet summarised (a minute has not passed) are written as the server stops.
      await server.stop();
      stopped = true;
      const summaries = lines.filter((l) => l.suppressed !== undefined).map((l) => ({ channel: l.channel, reason: l.reason, suppressed: l.suppressed }));
      expect(summaries).toEqual(
        expect.arrayContaining([
          { channel: 'whatsapp', reason: 'mismatch', suppressed: 299 },
          { channel: 'whatsapp', reason: 'missing', suppressed: 99 },
          { channel: 'ussd', reason: 'badToken', suppressed: 199 },
        ]),
      );
      expect(summaries).toHaveLength(3);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
