import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import type { Flow } from '@griot/flows';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * Prometheus's look-up figures are the operator's systems as callers meet them: a tester's
 * simulator answered from fixtures (or told it has none) reached no system, and an editor's draft
 * may name any backend. Neither shows in `griot_lookup_*`: a failing alert on the operator's
 * system does not fire because someone tried a draft, and draft names do not pile up as series.
 */
const METRICS_TOKEN = 'metrics-preview-token-0123456789ab';
const FLOW = 'selfcare-1919';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_METRICS_TOKEN: METRICS_TOKEN } });
}, 60_000);
afterAll(() => server?.stop());

const scrape = async (): Promise<PrometheusFamily[]> => {
  const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(answer.status).toBe(200);
  return parsePrometheusTextFormat(await answer.text());
};
/** Every look-up series, by what it says (a histogram's series have their labels beside the buckets). */
const lookupSeries = (families: PrometheusFamily[]) => families.filter((f) => f.name.startsWith('griot_lookup_')).flatMap((f) => f.metrics.map((m) => `${f.name} ${JSON.stringify(m)}`));

describe('/metrics and previews', () => {
  it('counts no preview look-up, whatever backend the draft names', async () => {
    const editor = await userWithRoles(server, 'edith', ['editor']);
    const draft = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const document = structuredClone(draft.document);
    for (const node of document.nodes) if (node.type === 'http') node.backend = 'draftOnlyBackend';
    expect((await editor.put(`/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);

    for (const source of ['production', 'draft']) {
      const started = await editor.post('/api/preview/sessions', { flowId: FLOW, source, channel: 'voice', callerNumber: '+2290197000001' });
      expect(started.status).toBe(201);
      const id = (started.body as { id: string }).id;
      // Français (unless the number's language is remembered), then « Code PUK »: the subscriber is
      // looked up, with no fixture (the simulator says so).
      const lookups: Array<{ node: string; source: string }> = [];
      for (let press = 0; press < 2 && lookups.length === 0; press += 1) {
        const answer = await editor.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
        expect(answer.status).toBe(200);
        lookups.push(...((answer.body as { lookups?: Array<{ node: string; source: string }> }).lookups ?? []));
      }
      expect(lookups).toEqual([expect.objectContaining({ node: 'lookupSubscriber', source: 'missing' })]);
    }
    const families = await scrape();
    // Turns are still counted as preview traffic.
    expect(Number(families.find((f) => f.name === 'griot_turns_total')?.metrics.find((m) => m.labels?.traffic === 'preview')?.value)).toBeGreaterThan(0);
    expect(lookupSeries(families)).toEqual([]);
  }, 30_000);
});
