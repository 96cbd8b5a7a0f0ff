import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { fonWelcomeFlow } from './fixtures/fonWelcomeFlow.ts';
import { ADMIN_TOKEN, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { catalogueFlow, promptNames, uploadTake } from './helpers/catalogueFlow.ts';

const FLOW = 'selfcare';
/** Two takes a caller tells apart: different lengths, so different bytes. */
const LAST_MONTH = Buffer.from(toneWav(0.4));
const THIS_MONTH = Buffer.from(toneWav(0.7));

/** The Fon welcome with a scripted conversation, as a content editor's campaign holds one. */
const campaign = (audio: string, name = 'Campagne Tabaski'): FlowInput => ({
  ...fonWelcomeFlow(FLOW, audio),
  name,
  tests: [{ name: 'Accueil en fon', channel: 'voice', locale: 'fon', steps: [{ expect: { played: [{ node: 'welcome', locale: 'fon' }] } }] }],
});

let server: TestServer;
let editor: ApiClient;

/** Uploads a take as the admin: setting up, not under test. */
const upload = uploadTake;

async function recording(flowId: string, name: string): Promise<Buffer | null> {
  const response = await fetch(`${server.url}/audio/${flowId}/${name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : null;
}

beforeAll(async () => {
  server = await startTestServer();
  editor = await userWithRoles(server, 'edna', ['editor']);
  expect((await editor.post('/api/flows', { document: campaign('fon/welcome.wav') })).status).toBe(201);
  expect(await upload(server.url, FLOW, 'fon/welcome.wav', LAST_MONTH)).toBe(201);
  // Last month's campaign: version 1, in production on the line, a tester's number on staging.
  expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Tabaski', label: 'Tabaski 2026' })).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${FLOW}/environments/staging`, { version: 1 })).status).toBe(200);
  expect((await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
  expect((await server.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: FLOW, environment: 'production' })).status).toBe(201);
  // This month the draft plays another take, under another name.
  expect(await upload(server.url, FLOW, 'fon/welcome-ramadan.wav', THIS_MONTH)).toBe(201);
  const draft = await editor.get(`/api/flows/${FLOW}/draft`);
  expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision: draft.body.revision, document: campaign('fon/welcome-ramadan.wav', 'Campagne Ramadan') })).status).toBe(200);
});
afterAll(() => server.stop());

describe('« Dupliquer » on the server', () => {
  it('copies the draft with the recordings it plays and its test cases, never versions, environments or bindings', async () => {
    const answer = await editor.post(`/api/flows/${FLOW}/duplicate`, { name: 'Campagne Ramadan (copie)' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ flow: { id: 'selfcare-copy', name: 'Campagne Ramadan (copie)' }, from: { flowId: FLOW, version: null }, recordings: 1, missing: [] });

    const copy = await editor.get('/api/flows/selfcare-copy');
    expect(copy.status).toBe(200);
    expect(copy.body.draft.document.name).toBe('Campagne Ramadan (copie)');
    expect(copy.body.draft.document.tests).toEqual((await editor.get(`/api/flows/${FLOW}/draft`)).body.document.tests);
    expect(copy.body.draft.document.tests).toHaveLength(1);
    expect(copy.body.versions).toEqual([]);
    expect(copy.body.environments).toMatchObject({ staging: null, production: null });
    expect(((await server.admin.get('/api/bindings')).body as Array<{ flowId: string }>).map((b) => b.flowId)).toEqual([FLOW]);
    expect((await recording('selfcare-copy', 'fon/welcome-ramadan.wav'))?.equals(THIS_MONTH)).toBe(true);
    // Only what the copy plays: last month's take stays the source's.
    expect(await recording('selfcare-copy', 'fon/welcome.wav')).toBeNull();
    // The copy's own library: recording over its prompt is allowed (nothing of it is published).
    expect(await upload(server.url, 'selfcare-copy', 'fon/welcome-ramadan.wav', LAST_MONTH)).toBe(201);
    expect((await recording(FLOW, 'fon/welcome-ramadan.wav'))?.equals(THIS_MONTH)).toBe(true);

    const audit = await server.admin.get('/api/audit?action=flow.duplicate');
    const entry = (audit.body as Array<{ action: string; actor: string; target: string; details: unknown }>).find((e) => e.action === 'flow.duplicate');
    // Which content was copied, as the draft was then (it moves on): an auditor matches it against the source's history.
    const sourceHash = (await editor.get(`/api/flows/${FLOW}/draft`)).body.hash;
    expect(entry).toMatchObject({ actor: 'edna', target: 'flow:selfcare-copy', details: { from: FLOW, version: null, fromHash: sourceHash, recordings: 1 } });
  });

  it('« Dupliquer cette version »: a new flow from last month’s version, with that version’s recording', async () => {
    const answer = await editor.post(`/api/flows/${FLOW}/duplicate`, { version: 1, name: 'Campagne Tabaski 2027' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ flow: { id: 'selfcare-copy2', name: 'Campagne Tabaski 2027' }, from: { flowId: FLOW, version: 1 }, recordings: 1 });
    const draft = (await editor.get('/api/flows/selfcare-copy2/draft')).body;
    expect(draft.document.nodes.find((n: { id: string }) => n.id === 'welcome').prompt.fon.audio).toBe('fon/welcome.wav');
    expect((await recording('selfcare-copy2', 'fon/welcome.wav'))?.equals(LAST_MONTH)).toBe(true);
    expect(await recording('selfcare-copy2', 'fon/welcome-ramadan.wav')).toBeNull();
    const listed = ((await editor.get('/api/flows')).body as Array<{ id: string; name: string; latestVersion: unknown }>).find((f) => f.id === 'selfcare-copy2');
    expect(listed).toMatchObject({ name: 'Campagne Tabaski 2027', latestVersion: null });
  });

  it('answers hostile or odd requests with a clear 4xx and creates nothing', async () => {
    const before = ((await server.admin.get('/api/flows')).body as unknown[]).length;
    expect((await editor.post('/api/flows/nope/duplicate', {})).body.error.code).toBe('flow_not_found');
    expect((await editor.post('/api/flows/nope/duplicate', {})).status).toBe(404);
    expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { version: 99 })).status).toBe(404);
    expect((await editor.post('/api/flows/..%2F..%2Fapi%2Fusers/duplicate', {})).status).toBe(404);
    const taken = await editor.post(`/api/flows/${FLOW}/duplicate`, { name: ' campagne ramadan ' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'flow_name_taken', params: { flowId: FLOW } });
    expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { name: '' })).status).toBe(400);
    // Names the list would show as nothing, or written backwards over the next ones (« U+202E evil » reads « live »).
    for (const name of ['   ', '\u200F\u200F', '\u200B \u200E', '\u202Eevil', 'Campagne \u2067x', 'a'.repeat(201)]) {
      expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { name })).status).toBe(400);
    }
    expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { version: 'draft' })).status).toBe(400);
    expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { id: 'chosen' })).status).toBe(400);
    // Reading a flow is not creating one: a viewer or tester may not, nor anyone not signed in.
    expect((await (await userWithRoles(server, 'vera', ['viewer'])).post(`/api/flows/${FLOW}/duplicate`, {})).status).toBe(403);
    expect((await (await userWithRoles(server, 'theo', ['tester'])).post(`/api/flows/${FLOW}/duplicate`, {})).status).toBe(403);
    expect((await server.anonymous.post(`/api/flows/${FLOW}/duplicate`, {})).status).toBe(401);
    expect(((await server.admin.get('/api/flows')).body as unknown[]).length).toBe(before);
  });

  it('a name in Arabic is kept as written (its direction marks refused, as every name’s: fix27); a source named with 200 characters gets a default name that fits', async () => {
    expect((await editor.post(`/api/flows/${FLOW}/duplicate`, { name: '\u200Fحملة رمضان\u200F' })).body.error).toMatchObject({ code: 'name_direction_control', params: { character: 'U+200F' } });
    const arabic = 'حملة رمضان (نسخة)';
    const answer = await editor.post(`/api/flows/${FLOW}/duplicate`, { name: arabic });
    expect(answer.status).toBe(201);
    expect(answer.body.flow.name).toBe(arabic);
    const long = 'N'.repeat(200);
    expect((await editor.post('/api/flows', { document: { ...campaign('fon/welcome.wav', long), id: 'longname', tests: [] } })).status).toBe(201);
    const copy = await editor.post('/api/flows/longname/duplicate', {});
    expect(copy.status).toBe(201);
    expect(copy.body.flow.name).toBe(`${'N'.repeat(193)} (copy)`);
  });

  it('an archived flow is gone for the editor: 404, as for any read', async () => {
    expect((await editor.post('/api/flows', { document: { ...campaign('fon/welcome.wav', 'Ancienne campagne'), id: 'oldcampaign', tests: [] } })).status).toBe(201);
    expect((await editor.delete('/api/flows/oldcampaign', { confirm: 'Ancienne campagne' })).status).toBe(200);
    const answer = await editor.post('/api/flows/oldcampaign/duplicate', {});
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('flow_archived');
  });

  it('copies a flow with hundreds of recordings in one request', async () => {
    const names = promptNames(300);
    expect((await editor.post('/api/flows', { document: catalogueFlow('catalogue', names) })).status).toBe(201);
    // Put in the store directly: 300 uploads through HTTP would make the test about uploads.
    const library = server.services.audio;
    for (const [i, name] of names.entries()) {
      const take = Buffer.from(toneWav(0.2 + i / 1000));
      await server.store.audio.putAudio(library.describe('catalogue', name, take), take);
    }
    const answer = await editor.post('/api/flows/catalogue/duplicate', { name: 'Catalogue (copie)' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ flow: { id: 'catalogue-copy' }, recordings: 300, missing: [] });
    const copied = (await editor.get('/api/flows/catalogue-copy/audio')).body as Array<{ name: string }>;
    expect(copied.map((a) => a.name).sort()).toEqual([...names].sort());
    expect((await recording('catalogue-copy', 'fon/prompt-299.wav'))?.equals(Buffer.from(toneWav(0.2 + 299 / 1000)))).toBe(true);
  });
});

describe('« Dupliquer » past the recordings’ quota', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '1' } });
  });
  afterAll(() => small.stop());

  it('refuses with the quota’s 409 and leaves no copy', async () => {
    expect((await small.admin.post('/api/flows', { document: campaign('fon/welcome.wav') })).status).toBe(201);
    // About 0.6 MiB: the flow fits, a second copy of it does not.
    expect(await upload(small.url, FLOW, 'fon/welcome.wav', Buffer.from(toneWav(40)))).toBe(201);
    const answer = await small.admin.post(`/api/flows/${FLOW}/duplicate`, {});
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'audio_quota_full', params: { limit: 1 } });
    expect(((await small.admin.get('/api/flows')).body as Array<{ id: string }>).map((f) => f.id)).toEqual([FLOW]);
    expect((await small.admin.get('/api/flows/selfcare-copy')).status).toBe(404);
  });
});
