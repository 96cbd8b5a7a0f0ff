import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { Flow } from '@griot/flows';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * A draft's handoff nodes make their queues known at once (agents can transfer there, supervisors
 * set their hours, Prometheus shows them at 0). An editor's draft with a thousand handoff nodes,
 * each its own queue, made a thousand queues in every agent's list and three thousand series on
 * every scrape of every instance: one flow now makes at most 200 queues known.
 */
const METRICS_TOKEN = 'metrics-draft-queues-token-0123456789';
const FLOW = 'selfcare-1919';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_METRICS_TOKEN: METRICS_TOKEN } });
}, 60_000);
afterAll(() => server?.stop());

describe('queues a draft names', () => {
  it('are known up to 200 a flow, whatever the number of handoff nodes, in the agents’ list and in /metrics', async () => {
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

    const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const waiting = parsePrometheusTextFormat(await scrape.text()).find((f) => f.name === 'griot_queue_waiting_contacts');
    expect(waiting?.metrics.filter((m) => m.labels?.queue?.startsWith('extra-')).length).toBeLessThanOrEqual(200);
  }, 30_000);
});
