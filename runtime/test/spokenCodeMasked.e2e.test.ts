import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const SECRET = 'jambonz-spoken-code-secret';
const SPOKEN = 'huit sept six cinq quatre trois deux un';

/** A web chat that asks where to call the visitor back, and keeps the number in a variable that is not sensitive. */
const callbackFlow = {
  schemaVersion: 2,
  id: 'wc-callback',
  name: 'callback',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [{ name: 'callback', type: 'phone' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'ask', type: 'input', kind: 'phone', variable: 'callback', prompt: { fr: { text: 'À quel numéro vous rappeler ?' } } },
    { id: 'thanks', type: 'message', prompt: { fr: { text: 'Nous vous rappelons très vite.' } } },
    { id: 'bye', type: 'end', reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', output: 'ok', target: 'thanks' },
    { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
    { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
    { id: 'e5', source: 'thanks', output: 'next', target: 'bye' },
  ],
  settings: {},
};

/**
 * A caller on the 1919 line answers the main menu by voice with their PUK code read out in words
 * (« mon code PUK c'est huit sept six cinq quatre trois deux un »), as speech recognition writes
 * it. The transcript supervisors read keeps the sentence with the code masked, and no file of the
 * store holds the code in words.
 */
describe('a PUK code said in words on the phone', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  }, 30_000);
  afterAll(() => server?.stop());

  /** Which of the store's files hold these bytes. */
  const filesHolding = async (bytes: string): Promise<string[]> => {
    const base = join(server.dataDir, 'griot.db');
    const found: string[] = [];
    for (const path of [base, `${base}-wal`, `${base}-shm`]) {
      if (existsSync(path) && (await readFile(path)).includes(bytes)) found.push(path.slice(server.dataDir.length + 1));
    }
    return found;
  };

  it('never reaches the stored transcript in clear', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-spoken-puk', from: '+2290197000042', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    expect(call.waitingOn?.verb).toBe('gather');
    await call.speak(`mon code PUK c’est ${SPOKEN}`);
    await call.hangup();

    const transcript = async () => {
      const listed = (await server.admin.get('/api/transcripts?flow=selfcare-1919')).body as Array<{ sessionKey: string }>;
      const key = listed.find((t) => t.sessionKey.includes('CA-spoken-puk'))?.sessionKey;
      return key ? JSON.stringify((await server.admin.get(`/api/transcripts/${encodeURIComponent(key)}`)).body) : '';
    };
    await expect.poll(transcript, { timeout: 5000 }).toContain('mon code PUK c’est •••');
    expect(await transcript()).not.toContain('huit sept');
    // Nor any file of the store, within seconds (one WAL checkpoint).
    await expect.poll(() => filesHolding(SPOKEN), { timeout: 8000, interval: 250 }).toEqual([]);
  }, 30_000);

  it('leaves readable a callback number the visitor types where the flow asks for it and keeps it in clear', async () => {
    expect((await server.admin.post('/api/flows', { document: callbackFlow })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${callbackFlow.id}/publish`, { message: 't' })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${callbackFlow.id}/environments/production`, { version: 1 })).status).toBe(200);
    const binding = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'callback', flowId: callbackFlow.id, environment: 'production' })).body.id as string;
    const send = async (body: object) => {
      const response = await fetch(`${server.url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      return (await response.json()) as { conversationId: string };
    };
    const { conversationId } = await send({ messageId: randomUUID(), open: true });
    expect(JSON.stringify(await send({ conversationId, messageId: randomUUID(), text: '01 97 00 00 42' }))).toContain('Nous vous rappelons très vite.');

    // The list gives each transcript whole (a web chat's key shows only the visitor's digest).
    const transcript = async () => JSON.stringify((await server.admin.get(`/api/transcripts?flow=${callbackFlow.id}`)).body);
    await expect.poll(transcript, { timeout: 5000 }).toContain('Nous vous rappelons très vite.');
    expect(await transcript()).toContain('01 97 00 00 42');
    expect(await transcript()).not.toContain('•••');
  }, 30_000);
});
