import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/openStore.ts';
import type { Store } from '../src/store/types.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { startTwoInstances, TWO_INSTANCES_ADMIN_TOKEN, type Instance, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * Left 17: a quota was a check, then a write. Uploads and publishes at once on two instances of
 * one store each passed the check and together went past it (160 uploads of 8 KB: 131 kept where
 * 1 MiB holds 130; 2,001 versions where a flow keeps 2,000). Now the check and the write are one unit, across instances too (a lease in the
 * store): the total stays within the quota, the excess gets the quota's 409.
 */
let pair: TwoInstances;
let store: Store;

beforeAll(async () => {
  pair = await startTwoInstances({ env: { GRIOT_AUDIO_MAX_MB_PER_FLOW: '1', GRIOT_AUDIO_MAX_MB: '2', GRIOT_MAX_FLOWS: '10' } });
  store = await openStore({ dataDir: pair.a.dataDir, sqlitePath: pair.sqlitePath });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await pair?.stop();
});

const upload = (instance: Instance, flowId: string, name: string, body: Uint8Array) =>
  fetch(`${instance.url}/api/flows/${flowId}/audio?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TWO_INSTANCES_ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
    body,
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code?: string } } }));

describe('quotas with two instances on one store', () => {
  it('keeps a flow’s prompts within 1 MiB when 160 uploads come at once to both instances', { timeout: 60_000 }, async () => {
    // Half a second of 8 kHz 16-bit mono: 8,044 bytes; 130 fit in 1 MiB, not 131.
    const take = toneWav(0.5);
    expect((await pair.a.admin.post('/api/flows', { document: testFlow({ id: 'rush' }) })).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 160 }, (_, i) => upload(i % 2 === 0 ? pair.a : pair.b, 'rush', `fr/take${i}.wav`, take)));
    const stored = await store.audio.listAudio('rush');
    expect(stored.reduce((sum, a) => sum + a.bytes, 0)).toBeLessThanOrEqual(1024 * 1024);
    expect(stored).toHaveLength(Math.floor((1024 * 1024) / take.length));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(Math.floor((1024 * 1024) / take.length));
    for (const refused of answers.filter((a) => a.status !== 201)) expect(refused).toMatchObject({ status: 409, body: { error: { code: 'audio_flow_quota_full' } } });
  });

  it('keeps a flow at 2,000 versions when both instances publish at once', { timeout: 60_000 }, async () => {
    const document = testFlow({ id: 'crowded' });
    expect((await pair.a.admin.post('/api/flows', { document })).status).toBe(201);
    for (let number = 1; number <= 1999; number++) {
      await store.putVersion({
        flowId: 'crowded',
        number,
        hash: `sha256:${number.toString(16).padStart(64, '0')}`,
        document,
        author: 'awa',
        message: '',
        createdAt: '2026-01-01T00:00:00.000Z',
      } as never);
    }
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? pair.a : pair.b).admin.post('/api/flows/crowded/publish', { message: `rush ${i}` })));
    expect(await store.listVersions('crowded')).toHaveLength(2000);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(['versions_full', 'no_changes']).toContain((refused.body as { error?: { code?: string } }).error?.code);
    }
  });

  it('keeps the store at GRIOT_MAX_FLOWS flows when both instances create flows at once', { timeout: 60_000 }, async () => {
    // The flows of the tests above count (2 of the 10).
    const held = (await store.listFlows()).length;
    const create = (i: number) => (i % 2 === 0 ? pair.a : pair.b).admin.post('/api/flows', { document: testFlow({ id: `many-${i}` }) });
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => create(i)));
    expect(await store.listFlows()).toHaveLength(10);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10 - held);
    for (const refused of answers.filter((a) => a.status !== 201)) expect(refused).toMatchObject({ status: 409, body: { error: { code: 'flows_full', params: { limit: 10 } } } });
  });
});
