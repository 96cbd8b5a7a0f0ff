import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { fonWelcomeFlow } from './fixtures/fonWelcomeFlow.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { Store } from '../src/store/types.ts';
import { toneWav } from '../src/audio/toneWav.ts';

/**
 * Anyone may ask /audio for a draft's take (it answers 404 without a login): each such request
 * read the flow's whole version list (up to 2,000 rows), its environments and its frozen names
 * twice, before looking at who asked. Now a signed-in user is asked about first, the frozen names
 * are read once, and which names the versions hold is remembered while they are unchanged: 20
 * anonymous requests list the versions once (or not at all), and a new version is seen at once.
 */
const FLOW = 'costaudio';
const flowWith = (audio: string): FlowInput => fonWelcomeFlow(FLOW, audio);

type Counted = 'listVersions' | 'getEnvironments' | 'listFrozenAudio';

/** The store as the server uses it, counting the calls that read a flow's versions, environments and frozen names. */
function counting(store: Store) {
  const calls: Record<Counted, number> = { listVersions: 0, getEnvironments: 0, listFrozenAudio: 0 };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(inner, name) {
        const value = Reflect.get(inner, name, inner);
        if (name === 'audio' && inner === (store as object)) return audio;
        if (typeof value !== 'function') return value;
        if (typeof name === 'string' && name in calls) return (...args: unknown[]) => ((calls[name as Counted] += 1), value.apply(inner, args));
        return value.bind(inner);
      },
    });
  const audio = wrap(store.audio);
  return { store: wrap(store), calls };
}

let server: TestServer;
let calls: Record<Counted, number>;
const upload = (name: string) =>
  fetch(`${server.url}/api/flows/${FLOW}/audio?name=${encodeURIComponent(name)}&locale=fon`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
    body: Buffer.from(toneWav(0.3)),
  });

beforeAll(async () => {
  const dataDir = await makeDataDir();
  const counted = counting(new SqliteStore(join(dataDir, 'griot.db')));
  calls = counted.calls;
  server = await startTestServer({ dataDir, start: { store: counted.store } });
  expect((await server.admin.post('/api/flows', { document: flowWith('fon/welcome.wav') })).status).toBe(201);
  expect((await upload('fon/welcome.wav')).status).toBe(201);
  expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Accueil' })).status).toBe(201);
  expect((await upload('fon/welcome-2.wav')).status).toBe(201);
}, 60_000);
afterAll(() => server?.stop());

describe("anonymous requests for a draft's take", () => {
  it('read the version list at most once for 20 of them, and the frozen names once each', async () => {
    for (const key of Object.keys(calls) as Counted[]) calls[key] = 0;
    for (let i = 0; i < 20; i += 1) expect((await fetch(`${server.url}/audio/${FLOW}/fon/welcome-2.wav`)).status).toBe(404);
    expect(calls.listVersions).toBeLessThanOrEqual(1);
    expect(calls.getEnvironments).toBeLessThanOrEqual(1);
    expect(calls.listFrozenAudio).toBeLessThanOrEqual(20);
  });

  it('see a version published since at once: the take it plays is served without a login', async () => {
    const draft = await server.admin.get(`/api/flows/${FLOW}/draft`);
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision: draft.body.revision, document: flowWith('fon/welcome-2.wav') })).status).toBe(200);
    expect((await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'Nouvel accueil' })).status).toBe(201);
    expect((await fetch(`${server.url}/audio/${FLOW}/fon/welcome-2.wav`)).status).toBe(200);
  });
});
