import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { fonWelcomeFlow, recordingsHeard } from './fixtures/fonWelcomeFlow.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { listTestNumbers } from './helpers/testNumbers.ts';
import { toneWav } from '../src/audio/toneWav.ts';

/**
 * A take an editor uploads for a draft is no prompt callers hear yet: it was served to anyone who
 * knew its URL. Now a recording no published version plays is served only to the designer's
 * users; what a published version plays (production, staging, any other) is still fetched by the
 * voice platform without credentials, a tester's call to staging included, and a flow's versions
 * restored from a backup still have their recordings heard before the store marks them published.
 */
const FLOW = 'draftaudio';
const SECRET = 'draft-audio-webhook-secret';
const NUMBER = '1922';
const TESTER = '+2290197000777';

const flowWith = (audio: string): FlowInput => fonWelcomeFlow(FLOW, audio);

const PUBLISHED_TAKE = Buffer.from(toneWav(0.4));
const DRAFT_TAKE = Buffer.from(toneWav(0.7));
const urlOf = (name: string) => `${server.url}/audio/${FLOW}/${name}`;

let server: TestServer;
let viewerCookie: string;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { JAMBONZ_WEBHOOK_SECRET: SECRET } });
  expect((await server.admin.post('/api/flows', { document: flowWith('fon/welcome.wav') })).status).toBe(201);
  const password = 'correct horse battery';
  expect((await server.admin.post('/api/users', { username: 'vera', password, roles: ['viewer'] })).status).toBe(201);
  viewerCookie = (await server.anonymous.post('/api/auth/login', { username: 'vera', password })).headers.get('set-cookie')!.split(';')[0]!;
  const upload = (name: string, body: Buffer) =>
    fetch(`${server.url}/api/flows/${FLOW}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body,
    });
  expect((await upload('fon/welcome.wav', PUBLISHED_TAKE)).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Accueil' })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
  expect((await server.admin.post('/api/bindings', { channel: 'voice', address: NUMBER, flowId: FLOW, environment: 'production' })).status).toBe(201);
  await listTestNumbers(server, [TESTER]);
  // The draft's own take, which no version plays.
  expect((await upload('fon/welcome-2.wav', DRAFT_TAKE)).status).toBe(201);
}, 60_000);
afterAll(() => server?.stop());

/** Rings the line from `from`; the URLs of the recordings heard. */
async function call(from: string): Promise<string[]> {
  return recordingsHeard(server.url, SECRET, { callSid: `CA-draft-audio-${++calls}`, from, to: NUMBER });
}

async function fetched(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(url, { method, headers });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), cacheControl: response.headers.get('cache-control') };
}

describe("a draft's recording", () => {
  it('is not there for anyone without a session (a forged cookie or token either), as an unknown name', async () => {
    for (const method of ['GET', 'HEAD']) expect((await fetched(urlOf('fon/welcome-2.wav'), {}, method)).status, method).toBe(404);
    expect((await fetched(urlOf('fon/welcome-2.wav'), { cookie: 'griot_session=forged' })).status).toBe(404);
    expect((await fetched(urlOf('fon/welcome-2.wav'), { authorization: 'Bearer not-a-token' })).status).toBe(404);
    expect((await fetched(urlOf('fon/welcome-2.wav'), { range: 'bytes=0-9' })).status).toBe(404);
  });

  it('is played to a signed-in user of the designer (the simulator, the recording panel), and kept by no shared cache', async () => {
    const heard = await fetched(urlOf('fon/welcome-2.wav'), { cookie: viewerCookie });
    expect(heard.status).toBe(200);
    expect(heard.bytes.equals(DRAFT_TAKE)).toBe(true);
    expect(heard.cacheControl).toBe('private, no-cache');
  });
});

describe('a published version’s recording', () => {
  it('is fetched without credentials by the voice platform for a production call', async () => {
    const plays = await call('+2290197000111');
    expect(plays).toEqual([urlOf('fon/welcome.wav')]);
    const served = await fetched(plays[0]!);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(PUBLISHED_TAKE)).toBe(true);
  });

  it("is heard by a tester's phone routed to staging once the draft is published there, production unchanged", async () => {
    const draft = await server.admin.get(`/api/flows/${FLOW}/draft`);
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision: draft.body.revision, document: flowWith('fon/welcome-2.wav') })).status).toBe(200);
    expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Nouvel accueil' })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/staging`, { version: 2 })).status).toBe(200);
    const plays = await call(TESTER);
    expect(plays).toEqual([urlOf('fon/welcome-2.wav')]);
    const served = await fetched(plays[0]!);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(DRAFT_TAKE)).toBe(true);
    expect(await call('+2290197000112')).toEqual([urlOf('fon/welcome.wav')]);
  });

  it('is still heard when the versions were restored and the store does not yet mark their recordings as published', async () => {
    // As a restore leaves them: the files back, no name frozen until the flow's next upload.
    await server.store.audio.deleteFlowAudio(FLOW);
    for (const [name, bytes] of [
      ['fon/welcome.wav', PUBLISHED_TAKE],
      ['fon/welcome-2.wav', DRAFT_TAKE],
    ] as const) {
      const described = server.services.audio.describe(FLOW, name, bytes);
      await server.store.audio.putAudio(described, bytes);
    }
    expect(await server.store.audio.listFrozenAudio(FLOW)).toEqual([]);
    for (const plays of [await call('+2290197000113'), await call(TESTER)]) {
      const served = await fetched(plays[0]!);
      expect(served.status, plays[0]).toBe(200);
    }
  });
});
