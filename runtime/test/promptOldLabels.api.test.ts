import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { Store } from '../src/store/types.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** The hotline with its balance option relabelled « Forfaits », its prompt left as it was. */
function relabelled(): FlowInput {
  const flow = testFlow();
  const menu = flow.nodes.find((n) => n.id === 'menu') as { options: Array<{ label: Record<string, string> }> };
  menu.options[0]!.label.fr = 'Forfaits';
  return flow;
}

/**
 * The daily review: an option's label changed, the spoken menu still said the old words. The
 * server checks the draft against the flow's latest version and says so in the save's and the
 * draft's checks.
 */
describe('a menu prompt that still says an option’s old label, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: testFlow() })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('warns once the label changed since the latest version, naming the prompt and the old words', async () => {
    const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);
    // Nothing published yet: nothing to compare with.
    const first = await server.admin.get('/api/flows/hotline/draft');
    expect(codes(first.body.lint)).not.toContain('menu.promptOldLabel');
    expect((await server.admin.post('/api/flows/hotline/publish', { message: 'v1' })).status).toBe(201);
    const draft = await server.admin.get('/api/flows/hotline/draft');
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: relabelled() });
    expect(saved.status).toBe(200);
    const warning = expect.objectContaining({
      severity: 'warning',
      code: 'menu.promptOldLabel',
      node: 'menu',
      field: 'prompt.fr',
      params: { locale: 'FR', prompt: 'prompt', option: '1', old: 'Solde', label: 'Forfaits' },
    });
    expect(saved.body.lint).toContainEqual(warning);
    expect((await server.admin.get('/api/flows/hotline')).body.lint).toContainEqual(warning);
  });
});

/** The store as the server uses it, counting the calls that list a flow's versions. */
function countingListings(store: Store) {
  const calls = { listVersions: 0 };
  const wrapped = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name === 'listVersions') return (...args: unknown[]) => ((calls.listVersions += 1), value.apply(target, args));
      return value.bind(target);
    },
  });
  return { store: wrapped, calls };
}

describe('the old-label check on a flow with 2,000 versions', () => {
  let server: TestServer;
  let calls: { listVersions: number };
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    const counted = countingListings(new SqliteStore(join(dataDir, 'griot.db')));
    calls = counted.calls;
    server = await startTestServer({ dataDir, start: { store: counted.store } });
    expect((await server.admin.post('/api/flows', { document: testFlow() })).status).toBe(201);
    // Two years of daily publications, the latest one still saying « Solde ».
    const document = testFlow();
    for (let number = 1; number <= 2000; number += 1) {
      const hash = `sha256:${number.toString(16).padStart(64, '0')}`;
      await counted.store.putVersion({ flowId: 'hotline', number, hash, document, author: 'awa', message: '', createdAt: '2026-01-01T00:00:00.000Z' } as never);
    }
  }, 60_000);
  afterAll(() => server.stop());

  it('still flags the prompt, and a draft save or its checks read the latest version alone, not the 2,000', async () => {
    const draft = await server.admin.get('/api/flows/hotline/draft');
    calls.listVersions = 0;
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: relabelled() });
    expect(saved.status).toBe(200);
    expect(saved.body.lint).toContainEqual(expect.objectContaining({ code: 'menu.promptOldLabel', node: 'menu', params: expect.objectContaining({ old: 'Solde', label: 'Forfaits' }) }));
    const checked = await server.admin.get('/api/flows/hotline/draft');
    expect(checked.body.lint).toContainEqual(expect.objectContaining({ code: 'menu.promptOldLabel', node: 'menu' }));
    expect(calls.listVersions).toBe(0);
  });
});
