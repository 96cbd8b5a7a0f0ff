import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import type { Flow } from '@griot/flows';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * A draft's handoff nodes make their queues known at once (agents can transfer there, supervisors
 * set their hours, Prometheus shows them at 0). An editor's draft with a thousand handoff nodes,
 * each its own queue, made a thousand queues in every agent's list and three thousand series on
 * every scrape of every instance: one flow's draft now makes at most 200 queues known. A version
 * production runs is not cut: callers it sends to its 240th queue are transferable there,
 * listed and counted like the others. A version only staging runs is an editor's alone as long as
 * no publisher put it there (an editor publishes and points staging at any version without a
 * look-up): capped at 200 like a draft.
 */
const METRICS_TOKEN = 'metrics-draft-queues-token-0123456789';
const SECRET = 'jambonz-draft-queues-secret';
const FLOW = 'selfcare-1919';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_METRICS_TOKEN: METRICS_TOKEN, JAMBONZ_WEBHOOK_SECRET: SECRET } });
}, 60_000);
afterAll(() => server?.stop());

/** The queues `griot_queue_waiting_contacts` has a series for. */
async function waitingGauges(): Promise<string[]> {
  const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const waiting = parsePrometheusTextFormat(await scrape.text()).find((f) => f.name === 'griot_queue_waiting_contacts');
  return (waiting?.metrics ?? []).map((m) => m.labels?.queue ?? '');
}

describe('queues a flow names', () => {
  it('are known up to 200 a draft, whatever the number of handoff nodes, in the agents’ list and in /metrics', async () => {
    const editor = await userWithRoles(server, 'ed', ['editor']);
    const draft = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const document = structuredClone(draft.document);
    const handoff = document.nodes.find((node) => node.type === 'handoff')!;
    for (let i = 0; i < 1_000; i += 1) document.nodes.push({ ...structuredClone(handoff), id: `extraHandoff${i}`, queue: `extra-${i}` } as Flow['nodes'][number]);
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);

    const queues = (await server.admin.get('/api/agent/queues')).body as Array<{ queue: string }>;
    const extra = queues.filter((q) => q.queue.startsWith('extra-'));
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.length).toBeLessThanOrEqual(200);
    // The flow's own queues are among those known (they come first in the flow).
    expect(queues.map((q) => q.queue)).toContain('support-fr');

    const waiting = await waitingGauges();
    expect(waiting.filter((queue) => queue.startsWith('extra-')).length).toBeLessThanOrEqual(200);
  }, 30_000);

  it('are known up to 200 for a version an editor alone put in staging, 1,000 handoff nodes or not', async () => {
    const editor = await userWithRoles(server, 'ed-staging', ['editor']);
    const document = testFlow({ id: 'many-queues', name: 'Mille files', withTests: false }) as Flow;
    // The menu's agent option goes to a chain of 1,000 handoff nodes, each its own queue, each tried when the one before has nobody.
    document.nodes = document.nodes.filter((node) => node.id !== 'agent');
    for (let i = 0; i < 1_000; i += 1) {
      const id = `staged${i}`;
      document.nodes.push({ id, type: 'handoff', queue: `staged-${i}` } as Flow['nodes'][number]);
      document.edges.push(
        { id: `${id}-done`, source: id, output: 'done', target: 'bye' },
        { id: `${id}-callback`, source: id, output: 'callback', target: 'bye' },
        { id: `${id}-unavailable`, source: id, output: 'unavailable', target: i === 999 ? 'bye' : `staged${i + 1}` },
      );
    }
    document.edges.find((edge) => edge.target === 'agent')!.target = 'staged0';
    const created = await editor.post('/api/flows', { document });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await editor.post('/api/flows/many-queues/publish', { message: 'mille files' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const staged = await editor.post('/api/flows/many-queues/environments/staging', { version: published.body.number });
    expect(staged.status, JSON.stringify(staged.body)).toBe(200);

    const listed = (await server.admin.get('/api/agent/transfer-queues')).body.queues as string[];
    const staging = listed.filter((queue) => queue.startsWith('staged-'));
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.length).toBeLessThanOrEqual(200);
    expect((await waitingGauges()).filter((queue) => queue.startsWith('staged-')).length).toBeLessThanOrEqual(200);
  }, 60_000);

  it('are all known once a version naming them runs in production: a caller can be transferred into the 240th', async () => {
    // A production flow with 6 handoff nodes for 5 languages on 8 channels names 240 queues: here,
    // 240 handoff nodes, each tried when the one before has nobody to answer (the demo's first).
    const draft = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const document = structuredClone(draft.document);
    document.nodes = document.nodes.filter((node) => !node.id.startsWith('extraHandoff'));
    const handoff = document.nodes.find((node) => node.id === 'handoff')!;
    const names = Array.from({ length: 240 }, (_, i) => `prod-${String(i + 1).padStart(3, '0')}`);
    const unavailable = document.edges.find((edge) => edge.source === 'handoff' && edge.output === 'unavailable')!;
    const lastResort = unavailable.target;
    unavailable.target = 'prodHandoff0';
    for (const [i, queue] of names.entries()) {
      const id = `prodHandoff${i}`;
      document.nodes.push({ ...structuredClone(handoff), id, queue } as Flow['nodes'][number]);
      document.edges.push(
        { id: `${id}-done`, source: id, output: 'done', target: 'satisfaction' },
        { id: `${id}-callback`, source: id, output: 'callback', target: 'callbackConfirm' },
        { id: `${id}-unavailable`, source: id, output: 'unavailable', target: i === names.length - 1 ? lastResort : `prodHandoff${i + 1}` },
      );
    }
    // The demo's test cases script what its own handoff answers, not the 240 tried after it.
    document.tests = [];
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);
    const published = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: '240 files' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const promoted = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: published.body.number });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);

    // A caller asks for an agent (menu key 4); the supervisor moves them into the 240th queue.
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-draft-queues-240', from: '+2290197000240', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    const find = async () => {
      const queues = (await server.admin.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
      return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === '+2290197000240' && c.status === 'waiting')?.id;
    };
    await expect.poll(find, { timeout: 20_000 }).toBeDefined();
    const moved = await server.admin.post(`/api/agent/contacts/${await find()}/transfer`, { queue: 'prod-240' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ status: 'waiting', queue: 'prod-240' });
    // Agents see it among the transfer targets, and Prometheus has its gauge, as for every one of the 240
    // (a scrape reads the known queues at most once a second: one within a second of the last shows those).
    const listed = (await server.admin.get('/api/agent/transfer-queues')).body.queues as string[];
    expect(listed).toEqual(expect.arrayContaining(names));
    await expect.poll(async () => (await waitingGauges()).filter((queue) => queue.startsWith('prod-')).length, { timeout: 5_000 }).toBe(240);
    await call.hangup();
  }, 60_000);
});
