import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts, callHookPayload, httpLink, wsLink, type JambonzLink } from '@griot/connectors/voice/testing';
import { signJambonz } from '@griot/connectors';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The 1919 line end to end: the real server on loopback with the demo flow and the demo operator
 * backend, a simulated jambonz calling over webhooks and over the WebSocket API.
 */
const SECRET = 'jambonz-e2e-webhook-secret';
const WS_AUTH = { username: 'jambonz-e2e-app', password: 'jambonz-e2e-ws-password' };
const CALLER = '+2290197000001';
const CALLER_PUK = '1, 2, 3, 4, 5, 6, 7, 8';

describe.each(['http', 'ws'] as const)('the 1919 line over %s', (transport) => {
  let server: TestServer;
  let calls = 0;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, JAMBONZ_WS_USERNAME: WS_AUTH.username, JAMBONZ_WS_PASSWORD: WS_AUTH.password } });
  });
  afterAll(() => server.stop());

  const link = (): Promise<JambonzLink> | JambonzLink =>
    transport === 'http' ? httpLink(server.url, { secret: SECRET }) : wsLink(`${server.url.replace(/^http/, 'ws')}/jambonz/ws`, { auth: WS_AUTH });
  const dial = async (from: string, to = '1919') => new SimulatedCall(await link(), { callSid: `CA-e2e-${transport}-${++calls}`, from, to });

  it('first call: French chosen on the keypad, the PUK read digit by digit, then the caller hangs up', async () => {
    const call = await dial(CALLER);
    await call.start();
    expect(call.heard.join(' ')).toContain('Pour le français, tapez 1.');
    expect(call.waitingOn).toMatchObject({ verb: 'gather', input: ['digits'], numDigits: 1 });

    await call.press('1');
    expect(call.heard.join(' ')).toContain('Choisissez un service');
    expect(call.waitingOn).toMatchObject({ verb: 'gather', input: ['digits', 'speech'], recognizer: { vendor: 'google', language: 'fr-FR' } });

    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toContain(`Votre code PUK est : ${CALLER_PUK}.`);
    expect(call.waitingOn?.verb).toBe('gather');

    await call.hangup();
    const key = `voice:${call.identity.callSid}`;
    await expect.poll(async () => (await server.store.getTranscript(key))?.endReason).toBe('hangup');
    // The code reached the caller's ear, never the transcript.
    const transcript = await server.store.getTranscript(key);
    expect(JSON.stringify(transcript)).not.toContain('12345678');
    expect(JSON.stringify(transcript)).not.toContain(CALLER_PUK);
    call.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `answer ${i}`));
    call.close();
  });

  it('second call from the same number: straight to the French menu, no language question', async () => {
    const call = await dial(CALLER);
    await call.start();
    const first = call.heard.join(' ');
    expect(first).not.toContain('Pour le français');
    expect(first).toContain('Bienvenue sur le 1919');
    expect(call.received[0]?.[0]).toMatchObject({ verb: 'config', synthesizer: { vendor: 'google', language: 'fr-FR' } });
    await call.hangup();
    call.close();
  });

  it('a Fon caller hears recorded prompts that jambonz can fetch from Griot', async () => {
    const call = await dial('+2290197000004');
    await call.start();
    await call.press('3');
    const plays = call.heard.filter((h) => h.startsWith('[play] ')).map((h) => h.slice('[play] '.length));
    expect(plays.length).toBeGreaterThan(0);
    expect(plays[0]).toMatch(new RegExp(`^${server.url}/audio/[^/]+/fon/`));
    const audio = await fetch(plays.at(-1) as string);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toMatch(/^audio\//);
    // Keypad only in Fon: no speech recognition is asked for.
    expect(call.waitingOn).toMatchObject({ verb: 'gather', input: ['digits'] });
    await call.hangup();
    call.close();
  });

  it('an unknown called number hears an apology and is hung up on', async () => {
    const call = await dial(CALLER, '7777');
    await call.start();
    expect(call.heard).toEqual([expect.stringContaining('désolés')]);
    expect(call.ended).toBe(true);
    call.received.forEach((verbs) => assertJambonzAccepts(verbs));
    call.close();
  });
});

describe('the 1919 webhooks refuse what jambonz did not send', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, JAMBONZ_WS_USERNAME: WS_AUTH.username, JAMBONZ_WS_PASSWORD: WS_AUTH.password } });
  });
  afterAll(() => server.stop());

  const post = (body: string, signature?: string) =>
    fetch(`${server.url}/jambonz/call`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'jambonz-signature': signature } : {}) }, body });

  it('403 for a forged or stale signature', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-forged', from: CALLER, to: '1919' }));
    expect((await post(body, signJambonz('someone-else', body))).status).toBe(403);
    expect((await post(body, signJambonz(SECRET, body, Math.floor(Date.now() / 1000) - 301))).status).toBe(403);
    expect((await post(body)).status).toBe(403);
    expect(await server.store.getSession('voice:CA-forged', new Date().toISOString())).toBeNull();
  });

  it('400 for a malformed payload, 200 for the next good one', async () => {
    const bad = JSON.stringify({ call_sid: 'CA-bad', from: CALLER });
    expect((await post(bad, signJambonz(SECRET, bad))).status).toBe(400);
    const good = JSON.stringify(callHookPayload({ callSid: 'CA-good', from: CALLER, to: '1919' }));
    const res = await post(good, signJambonz(SECRET, good));
    expect(res.status).toBe(200);
    assertJambonzAccepts(await res.json());
  });
});
