import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import type { HandoffContact } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A tester's simulator handoff left waiting (the designer's preview, never taken) is no subscriber
 * waiting: it is not a production queue's oldest wait, on /metrics nor on the supervisor's figures.
 * The agents still see it in their list (a tester takes their own).
 */
const METRICS_TOKEN = 'metrics-simulator-queue-token-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_METRICS_TOKEN: METRICS_TOKEN } });
}, 60_000);
afterAll(() => server?.stop());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const waiting = (id: string, preview: boolean, enqueuedAt: string): HandoffContact => ({
  id,
  queue: 'support-fr',
  priority: 999,
  enqueuedAt,
  channel: preview ? 'webchat' : 'whatsapp',
  sessionKey: preview ? `preview:tester:${id}` : `whatsapp:22997000301:${id}`,
  callerNumber: '+22997000301',
  locale: 'fr',
  reason: 'agent',
  context: {},
  history: [],
  status: 'waiting',
  preview,
  updatedAt: enqueuedAt,
});
const sample = (families: PrometheusFamily[], name: string) => Number(families.find((f) => f.name === name)?.metrics.find((m) => m.labels?.queue === 'support-fr')?.value);

describe('a simulator handoff left waiting', () => {
  it('is not counted in the queue’s waiting contacts nor its oldest wait (metrics, supervisor), and agents still see it', async () => {
    // The tester left theirs an hour ago; a subscriber has waited a minute.
    await server.store.putHandoffContact(waiting('sim-left', true, minutesAgo(60)));
    await server.store.putHandoffContact(waiting('subscriber', false, minutesAgo(1)));

    const scrape = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const families = parsePrometheusTextFormat(await scrape.text());
    expect(sample(families, 'griot_queue_waiting_contacts')).toBe(1);
    const oldest = sample(families, 'griot_queue_oldest_wait_seconds');
    expect(oldest).toBeGreaterThanOrEqual(60);
    expect(oldest).toBeLessThan(30 * 60);

    const supervisor = (await server.admin.get('/api/agent/supervisor')).body as Array<{ queue: string; waiting: number; longestWaitSeconds: number }>;
    const row = supervisor.find((r) => r.queue === 'support-fr');
    expect(row?.waiting).toBe(1);
    expect(row?.longestWaitSeconds).toBeGreaterThanOrEqual(60);
    expect(row?.longestWaitSeconds).toBeLessThan(30 * 60);

    const queues = (await server.admin.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string }> }>;
    expect(queues.find((q) => q.queue === 'support-fr')?.contacts).toHaveLength(2);
  }, 30_000);
});
