import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Grafana on a fresh instance: the queue gauges show 0 for every known queue before any contact
 * (not "No data"), and a contact's end is counted as soon as it ends.
 */
const SECRET = 'jambonz-fresh-metrics-secret';
const METRICS_TOKEN = 'metrics-fresh-token-0123456789ab';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_METRICS_TOKEN: METRICS_TOKEN } });
}, 60_000);
afterAll(() => server?.stop());

const scrape = async (): Promise<PrometheusFamily[]> => {
  const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(answer.status).toBe(200);
  return parsePrometheusTextFormat(await answer.text());
};
const sample = (families: PrometheusFamily[], name: string, labels: Record<string, string>) =>
  families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('/metrics on a fresh instance', () => {
  it('shows 0 for every known queue before any contact, then counts the first contact that ends', async () => {
    const fresh = await scrape();
    for (const name of ['griot_queue_waiting_contacts', 'griot_queue_oldest_wait_seconds', 'griot_callbacks_pending']) expect(sample(fresh, name, { queue: 'support-fr' })?.value, name).toBe('0');

    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-fresh-metrics', from: '+2290197000088', to: '1919' });
    await call.start();
    await call.hangup();
    const after = await scrape();
    expect(sample(after, 'griot_contacts_ended_total', { channel: 'voice', outcome: 'abandoned', traffic: 'live' })?.value).toBe('1');
    expect(sample(after, 'griot_queue_waiting_contacts', { queue: 'support-fr' })?.value).toBe('0');
  }, 30_000);
});
