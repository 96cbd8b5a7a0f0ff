import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fonWelcomeFlow } from './fixtures/fonWelcomeFlow.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { catalogueFlow, promptNames, uploadTake } from './helpers/catalogueFlow.ts';

/**
 * « Dupliquer » of a flow with many large recordings, with the recordings' quota on (one lock for
 * every upload and creation): what the other editors at work meanwhile notice.
 */
const FILES = 40;
const names = promptNames(FILES);
const catalogue = catalogueFlow('catalogue', names);

let server: TestServer;
let edna: ApiClient;
let omar: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB: '2000', GRIOT_AUDIO_MAX_MB_PER_FLOW: '500' } });
  edna = await userWithRoles(server, 'edna', ['editor']);
  omar = await userWithRoles(server, 'omar', ['editor']);
  expect((await edna.post('/api/flows', { document: catalogue })).status).toBe(201);
  expect((await edna.post('/api/flows', { document: { ...fonWelcomeFlow('other', 'fon/welcome.wav'), name: 'Autre ligne' } })).status).toBe(201);
  // 2 MiB each, put in the store directly (the copy is under test, not uploads).
  const header = Buffer.from(toneWav(0.2));
  for (const [i, name] of names.entries()) {
    const body = Buffer.alloc(2 * 1024 * 1024, i + 1);
    header.copy(body, 0, 0, 44);
    // The store describes each by its own bytes (size and SHA-256).
    await server.store.audio.putAudio(server.services.audio.describe('catalogue', name, header), body);
  }
});
afterAll(() => server.stop());

describe('« Dupliquer » a large flow while others work', () => {
  // The copy writes rows only (SQLite migration 35): it ends in milliseconds, so which answer comes
  // first says nothing any more; both are answered, neither refused for the other's locks.
  it('an upload to another flow beside the copy is answered, and the copy is whole', async () => {
    const copying = edna.post('/api/flows/catalogue/duplicate', { name: 'Catalogue (copie)' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const uploading = uploadTake(server.url, 'other', 'fon/welcome.wav', Buffer.from(toneWav(0.5)));
    const [copy, upload] = await Promise.all([copying, uploading]);
    expect(copy.status).toBe(201);
    expect(upload).toBe(201);
    expect(((await edna.get('/api/flows/catalogue-copy/audio')).body as unknown[]).length).toBe(FILES);
  });

  it('two editors duplicating the same flow at once both get their copy, each whole, under two ids', async () => {
    const [a, b] = await Promise.all([edna.post('/api/flows/catalogue/duplicate', { name: 'Catalogue Tabaski' }), omar.post('/api/flows/catalogue/duplicate', { name: 'Catalogue Ramadan' })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const ids = [a.body.flow.id, b.body.flow.id];
    expect(ids.sort()).toEqual(['catalogue-copy2', 'catalogue-copy3']);
    for (const id of ids) {
      const files = (await edna.get(`/api/flows/${id}/audio`)).body as Array<{ name: string; bytes: number }>;
      expect(files.map((f) => f.name).sort()).toEqual([...names].sort());
      expect(files.every((f) => f.bytes === 2 * 1024 * 1024)).toBe(true);
    }
  });
});
