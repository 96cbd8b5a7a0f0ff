import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCall, wsLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The security review's fourth finding (step 15): the jambonz WebSocket built the URLs it sends
 * back (prompts, hooks) from a raw `X-Forwarded-Proto`, whoever sent it, where the webhooks read
 * it only from a proxy GRIOT_TRUST_PROXY names. Both read it the same way now.
 */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The prompt URL the demo flow's first answer plays, over the WebSocket with these headers. */
async function firstPrompt(s: TestServer, headers: Record<string, string>): Promise<string> {
  const call = new SimulatedCall(await wsLink(`${s.url.replace(/^http/, 'ws')}/jambonz/ws`, { headers }), {
    callSid: `CA-proto-${Math.random().toString(36).slice(2)}`,
    from: '+2290197000001',
    to: '1919',
  });
  await call.start();
  call.close();
  const played = call.heard.find((h) => h.startsWith('[play] '));
  if (!played) throw new Error(`no prompt played: ${call.heard.join(' | ')}`);
  return played.slice('[play] '.length);
}

describe('the jambonz WebSocket and X-Forwarded-Proto', () => {
  it('ignores the header from a peer that is not a trusted proxy', async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    expect(await firstPrompt(server, { 'x-forwarded-proto': 'https' })).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/audio\//);
  });

  it('follows it from a proxy GRIOT_TRUST_PROXY names, as the webhooks do', async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_TRUST_PROXY: 'loopback' } });
    expect(await firstPrompt(server, { 'x-forwarded-proto': 'https' })).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/audio\//);
    expect(await firstPrompt(server, {})).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/audio\//);
  });
});
