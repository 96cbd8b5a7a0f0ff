import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';

/**
 * Security review 16: an editor could import a flow with 35,000 versions (19.6 MB: /healthz
 * answered in 1.78 s meanwhile, its version list then 9.3 MB) and upload 550 MB of prompts in
 * 5 s. A flow now keeps at most 2,000 versions, and recorded prompts have a quota per flow and in
 * all (GRIOT_AUDIO_MAX_MB_PER_FLOW, GRIOT_AUDIO_MAX_MB; 1 and 2 MiB here).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB_PER_FLOW: '1', GRIOT_AUDIO_MAX_MB: '2' } });
}, 60_000);
afterAll(() => server.stop());

const errorOf = (answer: { body: { error?: { code?: string; params?: unknown } } }) => answer.body.error;

describe('versions kept per flow', () => {
  it('refuses an import of more than 2,000 versions before reading them, and creates nothing', async () => {
    const document = testFlow({ id: 'many' });
    const version = (number: number) => ({ number, hash: `sha256:${'0'.repeat(64)}`, document, author: 'x', message: '', createdAt: '2026-01-01T00:00:00.000Z' });
    const file = { format: 'griot-flow', formatVersion: 1, flow: { id: 'many', name: 'many' }, draft: { document }, versions: Array.from({ length: 2001 }, (_, i) => version(i + 1)) };
    const answer = await server.admin.post('/api/flows/import', file);
    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toMatchObject({ code: 'versions_full', params: { limit: 2000 } });
    expect((await server.admin.get('/api/flows/many')).status).toBe(404);
  });

  it('refuses to publish a 2,001st version', { timeout: 30_000 }, async () => {
    const document = testFlow({ id: 'busy' });
    expect((await server.admin.post('/api/flows', { document })).status).toBe(201);
    for (let number = 1; number <= 2000; number++) {
      await server.store.putVersion({
        flowId: 'busy',
        number,
        hash: `sha256:${number.toString(16).padStart(64, '0')}`,
        document,
        author: 'awa',
        message: '',
        createdAt: '2026-01-01T00:00:00.000Z',
      } as never);
    }
    const answer = await server.admin.post('/api/flows/busy/publish', { message: 'one more' });
    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toMatchObject({ code: 'versions_full', params: { limit: 2000 } });
  });

  it('lists them a page at a time: the newest 100 unless asked, then older pages by their link', async () => {
    // The flow of the test above, with its 2,000 versions.
    const first = await server.admin.get('/api/flows/busy/versions');
    expect(first.status).toBe(200);
    const numbers = (page: unknown) => (page as Array<{ number: number }>).map((v) => v.number);
    expect(numbers(first.body)).toEqual(Array.from({ length: 100 }, (_, i) => 1901 + i));
    expect(first.headers.get('link')).toBe('</api/flows/busy/versions?before=1901&limit=100>; rel="next"');
    // Every version once, by following the links with pages of 500.
    const seen: number[] = [];
    let next: string | undefined = '/api/flows/busy/versions?limit=500';
    while (next) {
      const page: { status: number; body: unknown; headers: Headers } = await server.admin.get(next);
      expect(page.status).toBe(200);
      seen.unshift(...numbers(page.body));
      next = page.headers.get('link')?.match(/^<([^>]+)>; rel="next"$/)?.[1];
    }
    expect(seen).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect((await server.admin.get('/api/flows/busy/versions?before=3&limit=5')).body).toMatchObject([{ number: 1 }, { number: 2 }]);
    expect((await server.admin.get('/api/flows/busy/versions?limit=501')).status).toBe(400);
  });

  it('opens a flow with its newest 100 versions only, saying older ones exist', async () => {
    // Left 17b: the flow's detail (the editor's first read) carried all 2,000.
    const detail = await server.admin.get('/api/flows/busy');
    expect(detail.status).toBe(200);
    expect((detail.body.versions as Array<{ number: number }>).map((v) => v.number)).toEqual(Array.from({ length: 100 }, (_, i) => 1901 + i));
    expect(detail.body.olderVersions).toBe(true);
    const document = testFlow({ id: 'few' });
    expect((await server.admin.post('/api/flows', { document })).status).toBe(201);
    expect((await server.admin.post('/api/flows/few/publish', { message: 'first' })).status).toBe(201);
    expect((await server.admin.get('/api/flows/few')).body).toMatchObject({ versions: [{ number: 1 }], olderVersions: false });
  });
});

describe('recorded prompts quota', () => {
  const upload = (flowId: string, name: string, body: Uint8Array) =>
    fetch(`${server.url}/api/flows/${flowId}/audio?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', 'content-type': 'audio/wav' },
      body,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code?: string; params?: unknown } } }));

  it('refuses a prompt past the flow’s quota, and past all flows’; replacing a file counts it once', async () => {
    // 44 s of 8 kHz 16-bit mono: about 700 KB.
    const take = toneWav(44);
    for (const id of ['qa', 'qb', 'qc']) expect((await server.admin.post('/api/flows', { document: testFlow({ id }) })).status).toBe(201);
    expect((await upload('qa', 'fr/welcome.wav', take)).status).toBe(201);
    // The same name again replaces the file: still one take in the flow.
    expect((await upload('qa', 'fr/welcome.wav', take)).status).toBe(201);
    const second = await upload('qa', 'fr/other.wav', take);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'audio_flow_quota_full', params: { limit: 1, usedMiB: 0 } });

    expect((await upload('qb', 'fr/welcome.wav', take)).status).toBe(201);
    // 2.1 MB in all would pass the 2 MiB of every flow together.
    const third = await upload('qc', 'fr/welcome.wav', take);
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'audio_quota_full', params: { limit: 2, usedMiB: 1 } });
    expect((await server.admin.get('/api/flows/qc/audio')).body).toEqual([]);
  });

  it('counts every flow’s prompts from a sum the store keeps, never by listing each flow’s files', async () => {
    // Left 17b: each upload listed the files of every flow (qa, qb, qc… and these 20) to add up the total.
    for (let i = 0; i < 20; i++) expect((await server.admin.post('/api/flows', { document: testFlow({ id: `sum${i}` }) })).status).toBe(201);
    const listed = vi.spyOn(server.store.audio, 'listAudio');
    try {
      // The total is as before: about 1.4 MB held by qa and qb, so 700 KB more is past 2 MiB, 100 KB is not.
      const refused = await upload('sum0', 'fr/welcome.wav', toneWav(44));
      expect(refused.body.error).toMatchObject({ code: 'audio_quota_full', params: { limit: 2, usedMiB: 1 } });
      expect((await upload('sum0', 'fr/welcome.wav', toneWav(6))).status).toBe(201);
      expect(listed).not.toHaveBeenCalled();
    } finally {
      listed.mockRestore();
    }
  });
});

/**
 * Left 17: the check and the write of the prompts' quota are one unit, one upload at a time in the
 * process (and across instances: quotas.twoInstances.test.ts): of uploads at once, those past the
 * quota get its 409.
 */
describe('quotas under uploads and publishes at once', () => {
  let busy: TestServer;
  beforeAll(async () => {
    busy = await startTestServer({ env: { GRIOT_AUDIO_MAX_MB_PER_FLOW: '1', GRIOT_AUDIO_MAX_MB: '2' } });
  }, 60_000);
  afterAll(() => busy.stop());

  const upload = (flowId: string, name: string, body: Uint8Array) =>
    fetch(`${busy.url}/api/flows/${flowId}/audio?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', 'content-type': 'audio/wav' },
      body,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code?: string } } }));
  const storedBytes = async (flowId: string) => ((await busy.admin.get(`/api/flows/${flowId}/audio`)).body as Array<{ bytes: number }>).reduce((sum, a) => sum + a.bytes, 0);

  it('keeps a flow’s prompts within its quota when 8 uploads come at once', async () => {
    // 20 s of 8 kHz 16-bit mono: about 320 KB; three fit in 1 MiB, not four.
    const take = toneWav(20);
    expect((await busy.admin.post('/api/flows', { document: testFlow({ id: 'rush' }) })).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => upload('rush', `fr/take${i}.wav`, take)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error?.code).toBe('audio_flow_quota_full');
    }
    expect(await storedBytes('rush')).toBeLessThanOrEqual(1024 * 1024);
  });

  it('keeps all flows’ prompts within the total when uploads to several flows come at once', async () => {
    const take = toneWav(20);
    const ids = ['rush1', 'rush2', 'rush3', 'rush4'];
    for (const id of ids) expect((await busy.admin.post('/api/flows', { document: testFlow({ id }) })).status).toBe(201);
    // ≈ 960 KB held by `rush` already; 2 MiB in all leaves room for three more takes.
    const answers = await Promise.all(ids.flatMap((id) => [0, 1].map((i) => upload(id, `fr/take${i}.wav`, take))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 201)) expect(refused).toMatchObject({ status: 409, body: { error: { code: 'audio_quota_full' } } });
    let total = await storedBytes('rush');
    for (const id of ids) total += await storedBytes(id);
    expect(total).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
