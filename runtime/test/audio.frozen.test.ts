import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { fonWelcomeFlow, recordingsHeard } from './fixtures/fonWelcomeFlow.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';
import { toneWav } from '../src/audio/toneWav.ts';

const FLOW = 'frozenaudio';
const SECRET = 'frozen-audio-webhook-secret';
const NUMBER = '1921';

/** A Fon welcome (no voice for Fon: the recording is what callers hear), with French text beside it. */
const flowWith = (audio: string): FlowInput => fonWelcomeFlow(FLOW, audio);

/** Two recordings a caller tells apart: different lengths, so different bytes and hashes. */
const FIRST_TAKE = Buffer.from(toneWav(0.4));
const SECOND_TAKE = Buffer.from(toneWav(0.7));

let server: TestServer;
let editorCookie: string;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { JAMBONZ_WEBHOOK_SECRET: SECRET } });
  expect((await server.admin.post('/api/flows', { document: flowWith('fon/welcome.wav') })).status).toBe(201);
  const password = 'correct horse battery';
  expect((await server.admin.post('/api/users', { username: 'edna', password, roles: ['editor'] })).status).toBe(201);
  const login = await server.anonymous.post('/api/auth/login', { username: 'edna', password });
  editorCookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => server.stop());

/** What an editor (not a publisher) can do to a flow's recordings. */
const asEditor = (method: string, query: string, body?: Uint8Array) =>
  fetch(`${server.url}/api/flows/${FLOW}/audio?${query}`, { method, headers: { cookie: editorCookie, 'content-type': 'audio/wav' }, ...(body ? { body } : {}) });

/** Rings the production number; the URLs of the recordings the caller hears. */
async function callProduction(): Promise<string[]> {
  return recordingsHeard(server.url, SECRET, { callSid: `CA-frozen-${++calls}`, from: '+2290197000123', to: NUMBER });
}

/** `asDesigner`: with the editor's session, as the designer plays a draft's take (no published version plays it). */
async function bytesAt(url: string, asDesigner = false): Promise<{ bytes: Buffer; etag: string | null; status: number }> {
  const response = await fetch(url, asDesigner ? { headers: { cookie: editorCookie } } : {});
  return { bytes: Buffer.from(await response.arrayBuffer()), etag: response.headers.get('etag'), status: response.status };
}

describe('a recording a published version plays changes only by publishing', () => {
  let productionUrl: string;
  let productionEtag: string;

  it('plays the first take in production once version 1 is promoted', async () => {
    expect((await asEditor('POST', 'name=fon/welcome.wav&locale=fon', FIRST_TAKE)).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Accueil en fon' })).status).toBe(201);
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
    expect((await server.admin.post('/api/bindings', { channel: 'voice', address: NUMBER, flowId: FLOW, environment: 'production' })).status).toBe(201);
    const plays = await callProduction();
    expect(plays).toEqual([`${server.url}/audio/${FLOW}/fon/welcome.wav`]);
    productionUrl = plays[0]!;
    const served = await bytesAt(productionUrl);
    expect(served.bytes.equals(FIRST_TAKE)).toBe(true);
    productionEtag = served.etag!;
  });

  it('refuses an editor uploading over it or deleting it, saying which version and environment play it; callers keep hearing the same bytes under the same ETag', async () => {
    const overwrite = await asEditor('POST', 'name=fon/welcome.wav&locale=fon', SECOND_TAKE);
    expect(overwrite.status).toBe(409);
    const refusal = ((await overwrite.json()) as { error: { code: string; params: unknown } }).error;
    expect(refusal).toMatchObject({ code: 'audio_in_use', params: { name: 'fon/welcome.wav', versions: [1], environments: ['production'] } });
    const deletion = await asEditor('DELETE', 'name=fon/welcome.wav');
    expect(deletion.status).toBe(409);
    expect(((await deletion.json()) as { error: { code: string } }).error.code).toBe('audio_in_use');

    const served = await bytesAt(productionUrl);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(FIRST_TAKE)).toBe(true);
    expect(served.etag).toBe(productionEtag);
    const revalidated = await fetch(productionUrl, { headers: { 'if-none-match': productionEtag, 'cache-control': 'max-age=0' } });
    expect(revalidated.status).toBe(304);
    expect((await callProduction()).map((url) => url === productionUrl)).toEqual([true]);
  });

  it('keeps a new take under a numbered name when asked (the designer does), which callers hear once its version is published and promoted', async () => {
    const renamed = await asEditor('POST', 'name=fon/welcome.wav&locale=fon&ifInUse=rename', SECOND_TAKE);
    expect(renamed.status).toBe(201);
    expect(await renamed.json()).toEqual({ name: 'fon/welcome-2.wav', insteadOf: 'fon/welcome.wav', bytes: SECOND_TAKE.length, url: `/audio/${FLOW}/fon/welcome-2.wav` });
    // Stored, and not yet heard: production still runs version 1.
    expect((await callProduction()).map((url) => url.endsWith('/fon/welcome.wav'))).toEqual([true]);
    expect((await bytesAt(productionUrl)).bytes.equals(FIRST_TAKE)).toBe(true);

    const draft = await server.admin.get(`/api/flows/${FLOW}/draft`);
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision: draft.body.revision, document: flowWith('fon/welcome-2.wav') })).status).toBe(200);
    expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Nouvel accueil' })).status).toBe(201);
    expect((await callProduction()).map((url) => url.endsWith('/fon/welcome.wav'))).toEqual([true]);
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 2 })).status).toBe(200);

    const plays = await callProduction();
    expect(plays).toEqual([`${server.url}/audio/${FLOW}/fon/welcome-2.wav`]);
    expect((await bytesAt(plays[0]!)).bytes.equals(SECOND_TAKE)).toBe(true);
    // Version 2 froze its take as well: the next one goes under the next free number.
    const third = await asEditor('POST', 'name=fon/welcome.wav&locale=fon&ifInUse=rename', FIRST_TAKE);
    expect(((await third.json()) as { name: string }).name).toBe('fon/welcome-3.wav');
  });

  it('plays the old recording again after a rollback', async () => {
    expect((await server.admin.post(`/api/flows/${FLOW}/environments/production/rollback`)).status).toBe(200);
    const plays = await callProduction();
    expect(plays).toEqual([productionUrl]);
    const served = await bytesAt(plays[0]!);
    expect(served.bytes.equals(FIRST_TAKE)).toBe(true);
    expect(served.etag).toBe(productionEtag);
  });

  it('has a re-recorded draft take heard at once (revalidated at every fetch), and a published one cached five minutes', async () => {
    const url = `${server.url}/audio/${FLOW}/fon/welcome-4.wav`;
    expect((await asEditor('POST', 'name=fon/welcome-4.wav&locale=fon', FIRST_TAKE)).status).toBe(201);
    const before = await fetch(url, { headers: { cookie: editorCookie } });
    expect(before.headers.get('cache-control')).toBe('private, no-cache');
    const etag = before.headers.get('etag')!;
    expect((await asEditor('POST', 'name=fon/welcome-4.wav&locale=fon', SECOND_TAKE)).status).toBe(201);
    // The player asks with the ETag it holds: the new take comes back, under its own ETag.
    const again = await fetch(url, { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0', cookie: editorCookie } });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).not.toBe(etag);
    expect(Buffer.from(await again.arrayBuffer()).equals(SECOND_TAKE)).toBe(true);
    // What production plays never changes under its URL: kept five minutes, same ETag.
    const published = await fetch(productionUrl);
    expect(published.headers.get('cache-control')).toBe('public, max-age=300');
    expect(published.headers.get('etag')).toBe(productionEtag);
  });

  it("lets an editor replace and delete a draft's own take, which no published version plays", async () => {
    expect((await asEditor('POST', 'name=fon/welcome-3.wav&locale=fon', SECOND_TAKE)).status).toBe(201);
    expect((await bytesAt(`${server.url}/audio/${FLOW}/fon/welcome-3.wav`, true)).bytes.equals(SECOND_TAKE)).toBe(true);
    expect((await asEditor('DELETE', 'name=fon/welcome-3.wav')).status).toBe(204);
    expect((await bytesAt(`${server.url}/audio/${FLOW}/fon/welcome-3.wav`, true)).status).toBe(404);
  });

  it('refuses an editor deleting a take a publish froze before its version was added (a publish under way, or one that died)', async () => {
    expect((await asEditor('POST', 'name=fon/welcome-4.wav&locale=fon', SECOND_TAKE)).status).toBe(201);
    await server.store.audio.freezeAudio(FLOW, ['fon/welcome-4.wav']);
    const refused = await asEditor('DELETE', 'name=fon/welcome-4.wav');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('audio_in_use');
    expect((await bytesAt(`${server.url}/audio/${FLOW}/fon/welcome-4.wav`)).bytes.equals(SECOND_TAKE)).toBe(true);
  });

  it('lets a publisher, not an editor, fill a recording a published version names but lacks (an imported flow), once', async () => {
    const lacking = { ...flowWith('fon/imported.wav'), id: 'frozenimport' };
    expect((await server.admin.post('/api/flows', { document: lacking })).status).toBe(201);
    expect((await server.admin.post('/api/flows/frozenimport/publish', { message: 'Importé' })).status).toBe(201);
    const at = (query: string, token?: string) =>
      fetch(`${server.url}/api/flows/frozenimport/audio?${query}`, {
        method: 'POST',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : { cookie: editorCookie }), 'content-type': 'audio/wav' },
        body: FIRST_TAKE,
      });
    expect((await at('name=fon/imported.wav')).status).toBe(409);
    expect((await at('name=fon/imported.wav', ADMIN_TOKEN)).status).toBe(201);
    expect((await bytesAt(`${server.url}/audio/frozenimport/fon/imported.wav`)).bytes.equals(FIRST_TAKE)).toBe(true);
    expect((await at('name=fon/imported.wav', ADMIN_TOKEN)).status).toBe(409);
  });

  it('serves recordings with their type fixed (nosniff)', async () => {
    const response = await fetch(productionUrl);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toMatch(/^audio\/wav/);
  });
});
