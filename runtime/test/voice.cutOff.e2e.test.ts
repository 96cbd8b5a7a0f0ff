import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SimulatedCall, gatherDigits, httpLink, subsequentPayload } from '@griot/connectors/voice/testing';
import { signJambonz } from '@griot/connectors';
import { createLogger } from '../src/logger.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * "A subscriber says they were cut off": a call to the 1919 demo whose next hook reaches Griot
 * without the call's state (jambonz lost its customerData). The caller hears the apology; the
 * contact must not read as if the caller hung up: its transcript ends on an error with the
 * cause, analytics count an error, and the log line names the call and its transcript.
 */
const SECRET = 'jambonz-cut-off-secret';
const FLOW = 'selfcare-1919';
let server: TestServer;
const lines: Array<Record<string, unknown> & { msg: string }> = [];

beforeAll(async () => {
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET }, start: { logger } });
}, 60_000);
afterAll(() => server?.stop());

describe('a call cut off by a hook Griot has no state for', () => {
  it('ends on an error with its cause, in the transcript, analytics and the log', async () => {
    const identity = { callSid: 'CA-cut-off-1', from: '+2290197000055', to: '1919' };
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), identity);
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');

    const body = JSON.stringify(subsequentPayload(identity, {}, gatherDigits('1')));
    const res = await fetch(`${server.url}/jambonz/gather`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': signJambonz(SECRET, body) }, body });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('hangup');

    const key = `voice:${identity.callSid}`;
    const transcript = await vi.waitFor(
      async () => {
        const found = await server.store.getTranscript(key);
        expect(found?.endReason).toBe('error');
        return found!;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(transcript.turns.at(-1)?.input).toEqual({ type: 'end', reason: 'error', cause: 'noCallState' });
    // jambonz's final status after the apology's hangup changes nothing: it still reads as an error.
    await call.hangup();
    expect((await server.store.getTranscript(key))?.endReason).toBe('error');

    const period = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
    await vi.waitFor(async () => expect((await server.admin.get(`/api/flows/${FLOW}/analytics?${period}`)).body.outcomes).toMatchObject({ error: 1, abandoned: 0 }), {
      timeout: 10_000,
      interval: 200,
    });

    const warning = lines.find((l) => l.reason === 'noCallState');
    expect(warning).toMatchObject({ callSid: identity.callSid, transcript: key });
    expect(lines.find((l) => l.event === 'conversation.end')).toMatchObject({ reason: 'error' });
  }, 30_000);
});
