import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * The simulator's look-up panel shows testers what a backend answered. A value under a key that
 * names a code or a secret, which the flow maps into no variable (`pukCode` beside the `puk` the
 * node reads, a text answer `puk_code=…`), was shown in clear: only keys spelt exactly `puk`,
 * `pin`, `token`… were masked, and a body that is not JSON not at all.
 */
const FLOW = 'selfcare-1919';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
}, 60_000);
afterAll(() => server?.stop());

async function lookupBodyShown(
  fixtureBody: unknown,
  source = 'production',
  status = 500,
): Promise<{ text: string; raw: string; fixture?: unknown; synthetic?: string[]; state: unknown; stateLater: unknown }> {
  const tester = await userWithRoles(server, `tess${Math.random().toString(36).slice(2, 8)}`, ['tester']);
  const started = await tester.post('/api/preview/sessions', {
    flowId: FLOW,
    source,
    channel: 'voice',
    callerNumber: '+2290197000001',
    fixtures: { lookupSubscriber: { status, body: fixtureBody } },
  });
  expect(started.status).toBe(201);
  const id = (started.body as { id: string }).id;
  for (let press = 0; press < 3; press += 1) {
    const answer = await tester.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
    expect(answer.status).toBe(200);
    const lookup = (answer.body as { lookups?: Array<{ node: string; body?: { text: string }; fixture?: unknown; synthetic?: string[] }> }).lookups?.find((l) => l.node === 'lookupSubscriber');
    if (lookup) {
      const later = await tester.get(`/api/preview/sessions/${id}`);
      expect(later.status).toBe(200);
      const state = (answer.body as { state: unknown }).state;
      return { text: lookup.body?.text ?? '', raw: JSON.stringify(answer.body), fixture: lookup.fixture, synthetic: lookup.synthetic, state, stateLater: (later.body as { state: unknown }).state };
    }
  }
  throw new Error('the look-up never ran');
}

describe('the simulator masks a look-up answer by key as well as by value', () => {
  it('masks a code or a secret under a key that names one, however written, in JSON and in a text answer', async () => {
    const json = await lookupBodyShown({ error: 'locked', subscriber: { pukCode: '80417263', code_pin: '4242', client_secret: 'cs-9f8e7d6c5b4a', segment: 'vip' } });
    expect(json.text).toContain('"segment": "vip"');
    expect(json.text).toContain('"error": "locked"');
    for (const secret of ['80417263', '4242', 'cs-9f8e7d6c5b4a']) expect(json.raw).not.toContain(secret);

    const form = await lookupBodyShown('status=locked&puk_code=80417263&msisdn=22997000001');
    expect(form.text).toContain('status=locked');
    expect(form.raw).not.toContain('80417263');

    const xml = await lookupBodyShown('<fault><reason>locked</reason><ns:codePuk>80417263</ns:codePuk></fault>');
    expect(xml.text).toContain('<reason>locked</reason>');
    expect(xml.raw).not.toContain('80417263');
  }, 60_000);

  it('records as a test fixture, and shows in the session state, no code under a secret-named key of an object a variable kept in clear maps', async () => {
    // `segment` is not sensitive; the backend answers an object there, a PUK code inside it.
    const shown = await lookupBodyShown({ segment: { name: 'vip', pukCode: '80417263' } }, 'production', 200);
    expect(JSON.stringify(shown.fixture)).not.toContain('80417263');
    // The session state beside the panel (after the turn, and read again) masks it as the panel does; the rest of `segment` stays readable.
    for (const state of [shown.state, shown.stateLater]) {
      expect(JSON.stringify(state)).not.toContain('80417263');
      expect(state).toMatchObject({ vars: { segment: { name: 'vip', pukCode: '•••' } } });
    }
    // Nor the agent's context the handoff effect shows.
    expect(shown.raw).not.toContain('80417263');
    // The fixture keeps its shape (what the flow reads replays alike) and says the value is made up.
    expect(shown.fixture).toMatchObject({ status: 200, body: { segment: { name: 'vip', pukCode: expect.stringMatching(/^\d{8}$/) } } });
    expect(shown.synthetic).toContain('segment');
  }, 60_000);

  it('masks in the request shown a credential the draft writes under a key that names one, and keeps the name of a server secret', async () => {
    const editor = await userWithRoles(server, 'edna', ['editor']);
    const draft = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: { nodes: Array<Record<string, any>> } };
    const document = structuredClone(draft.document);
    const lookup = document.nodes.find((n) => n.id === 'lookupSubscriber') as Record<string, any>;
    lookup.headers = { ...lookup.headers, 'X-Api-Key': 'live-3f9a8b7c6d5e4f' };
    lookup.url = `${lookup.url}?otp=99887766`;
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);
    const shown = await lookupBodyShown({ error: 'locked' }, 'draft');
    expect(shown.raw).not.toContain('live-3f9a8b7c6d5e4f');
    expect(shown.raw).not.toContain('99887766');
    expect(shown.raw).toContain('Bearer {{secret.OPERATOR_API_TOKEN}}');
  }, 60_000);
});
