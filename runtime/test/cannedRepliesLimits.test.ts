import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CannedReply } from '../src/store/types.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Réponses types are read by every agent's app each time a conversation opens: their number and
 * size are bounded, an agent can ask for one queue's only, and an unchanged list is not sent again.
 */
let server: TestServer;
let awa: ApiClient;
let sena: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  awa = await userWithRoles(server, 'awa', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  for (const reply of await server.store.listCannedReplies()) await server.store.deleteCannedReply(reply.id);
});

/** Replies put straight in the store, as a long-running team would have gathered them. */
async function gathered(count: number, textChars: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const reply: CannedReply = { id: `cr-${i}`, title: `Réponse ${i}`, texts: { fr: 'x'.repeat(textChars) }, updatedAt: new Date().toISOString(), updatedBy: 'sena' };
    await server.store.putCannedReply(reply);
  }
}

const short = (title: string, queue?: string) => ({ title, texts: { fr: `Texte de ${title}` }, ...(queue ? { queue } : {}) });

describe('canned replies', () => {
  it('are 500 at most: the 501st is refused with canned_replies_full, until one is removed', async () => {
    await gathered(499, 10);
    expect((await sena.post('/api/agent/canned-replies', short('La 500e'))).status).toBe(201);
    const refused = await sena.post('/api/agent/canned-replies', short('Une de trop'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'canned_replies_full', params: { limit: 500 } });
    expect((await sena.put('/api/agent/canned-replies/cr-0', short('Modifiée'))).status).toBe(200);
    expect((await sena.delete('/api/agent/canned-replies/cr-1')).status).toBe(204);
    expect((await sena.post('/api/agent/canned-replies', short('Une de trop'))).status).toBe(201);
  });

  it('hold about a million characters in all: a reply that would pass it is refused, one that shrinks is not', async () => {
    await gathered(66, 15_000);
    const four = (chars: number) => Object.fromEntries(['fr', 'en', 'fon', 'yo'].map((code) => [code, 'y'.repeat(chars)]));
    const refused = await sena.post('/api/agent/canned-replies', { title: 'Longue', texts: four(3_900) });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'canned_replies_full', params: { limit: 1_000_000 } });
    expect((await sena.post('/api/agent/canned-replies', { title: 'Moyenne', texts: four(2_250) })).status).toBe(201);
    expect((await sena.put('/api/agent/canned-replies/cr-0', { title: 'Réponse 0', texts: four(3_990) })).status).toBe(409);
    expect((await sena.put('/api/agent/canned-replies/cr-0', { title: 'Réponse 0', texts: { fr: 'plus court' } })).status).toBe(200);
    expect((await sena.post('/api/agent/canned-replies', { title: 'Longue', texts: four(3_000) })).status).toBe(201);
  });

  it('are 16,000 characters each at most, in all their languages', async () => {
    const texts = Object.fromEntries(['fr', 'en', 'fon', 'yo', 'ha'].map((code) => [code, 'a'.repeat(4_000)]));
    const refused = await sena.post('/api/agent/canned-replies', { title: 'Trop longue', texts });
    expect(refused.status).toBe(400);
    expect(await server.store.listCannedReplies()).toEqual([]);
  });

  it('come for one queue when the agent asks so: its own first, then the general ones; all of them otherwise', async () => {
    for (const reply of [short('Bonjour'), short('Code PUK', 'support-fr'), short('Mobile money', 'momo')]) {
      expect((await sena.post('/api/agent/canned-replies', reply)).status).toBe(201);
    }
    const titles = (answer: { body: Array<{ title: string }> }) => answer.body.map((r) => r.title);
    expect(titles(await awa.get('/api/agent/canned-replies?queue=support-fr'))).toEqual(['Code PUK', 'Bonjour']);
    expect(titles(await awa.get('/api/agent/canned-replies'))).toEqual(['Bonjour', 'Code PUK', 'Mobile money']);
    expect(titles(await sena.get('/api/agent/canned-replies'))).toEqual(['Bonjour', 'Code PUK', 'Mobile money']);
  });

  it('are not sent again while unchanged: the agent app’s browser keeps them and gets a 304, until a supervisor changes one', async () => {
    await gathered(200, 4_000);
    const first = await awa.get('/api/agent/canned-replies');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/Cookie.*Authorization/);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();

    // As a browser revalidates what it keeps (fetch adds `cache-control: no-cache` to a hand-made If-None-Match).
    const revalidate = { 'if-none-match': etag!, 'cache-control': 'max-age=0' };
    const again = await awa.call('GET', '/api/agent/canned-replies', undefined, revalidate);
    expect(again.status).toBe(304);
    expect(again.body).toBe('');

    expect((await sena.post('/api/agent/canned-replies', short('Nouvelle'))).status).toBe(201);
    const changed = await awa.call('GET', '/api/agent/canned-replies', undefined, revalidate);
    expect(changed.status).toBe(200);
    expect(changed.body).toHaveLength(201);
  });
});
