import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { parse as parseCsv } from 'csv-parse/sync';
import { SimulatedCall, callHookPayload, httpLink } from '@griot/connectors/voice/testing';
import { signJambonz } from '@griot/connectors';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What callers did, read back: six real calls to the 1919 demo over signed jambonz webhooks
 * (contained with a satisfaction score, transferred to an agent who is rated after, hung up at
 * the menu, hung up while waiting for an agent, and a caller who comes back after a contained
 * call), then the flow's figures, the queues' figures and /metrics show exactly those calls.
 */
const SECRET = 'jambonz-analytics-secret';
const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
const FLOW = 'selfcare-1919';
let server: TestServer;
let viewer: ApiClient;
let supervisor: ApiClient;
let awa: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_METRICS_TOKEN: METRICS_TOKEN } });
  viewer = await userWithRoles(server, 'vera', ['viewer']);
  supervisor = await userWithRoles(server, 'sena', ['supervisor']);
  awa = await userWithRoles(server, 'awa', ['agent']);
}, 60_000);
afterAll(() => server.stop());

const dial = async (from: string) => {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-analytics-${++calls}`, from, to: '1919' });
  await call.start();
  // First call of a number: French on the keypad; a returning caller goes straight to the menu.
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  return call;
};

/** Balance (2), then "finish" (3): the satisfaction question. */
const toSurvey = async (call: SimulatedCall) => {
  await call.press('2');
  await call.press('3');
  expect(call.heard.join(' ')).toContain('quelle note donnez-vous à ce service');
  return call;
};

const waitingIn = async (queue: string) => {
  const queues = (await awa.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
  return queues.find((q) => q.queue === queue)?.contacts.filter((c) => c.status === 'waiting') ?? [];
};

/** A period around now, in whole hours, whatever the minute the test runs at. */
const period = () => {
  const hour = 3_600_000;
  return `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;
};

describe('analytics after real calls to the 1919 line', () => {
  beforeAll(async () => {
    // 1. Contained: the balance, then 4 out of 5.
    const contained = await toSurvey(await dial('+2290197000003'));
    await contained.press('4');
    expect(contained.ended).toBe(true);

    // 2. Transferred: asks for an agent, Awa takes the contact, jambonz bridges them, then 5 out of 5.
    const transferred = await dial('+2290197000001');
    await transferred.press('4');
    expect(transferred.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
    const [contact] = await waitingIn('support-fr');
    expect((await awa.post(`/api/agent/contacts/${contact!.id}/take`)).status).toBe(200);
    await transferred.queueEnds('bridged');
    expect(transferred.heard.join(' ')).toContain('quelle note donnez-vous à ce service');
    await transferred.press('5');
    expect(transferred.ended).toBe(true);

    // 3. Hangs up at the main menu.
    const atMenu = await dial('+2290197000150');
    await atMenu.hangup();

    // 4. Hangs up while waiting for an agent.
    const inQueue = await dial('+2290197000004');
    await inQueue.press('4');
    expect(inQueue.waitingOn).toMatchObject({ verb: 'enqueue' });
    await inQueue.hangup();

    // 5. Contained with a 2, then the same caller calls back and hangs up at the survey.
    const first = await toSurvey(await dial('+2290197000005'));
    await first.press('2');
    expect(first.ended).toBe(true);
    const again = await toSurvey(await dial('+2290197000005'));
    await again.hangup();
    await server.services.conversations.idle();
  }, 60_000);

  it('counts the contacts, how they ended, and containment raw and corrected', async () => {
    const answer = await viewer.get(`/api/flows/${FLOW}/analytics?${period()}`);
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(report.contacts).toBe(6);
    expect(report.outcomes).toEqual({ contained: 2, transferred: 1, callback: 0, noAgent: 0, abandoned: 3, error: 0, unfinished: 0 });
    // The caller who came back within 24 hours takes one contained contact back.
    expect(report.containment).toMatchObject({ contained: 2, returned: 1, raw: 0.3333, corrected: 0.1667, windowHours: 24, provisional: true });
    expect(report.series.reduce((n: number, p: { contacts: number }) => n + p.contacts, 0)).toBe(6);
    // Per hour too, so that a chart can draw the corrected containment's trend.
    expect(report.series.reduce((n: number, p: { returned: number }) => n + p.returned, 0)).toBe(1);
    expect(report.versions).toEqual([expect.objectContaining({ version: 1, contacts: 6, containment: expect.objectContaining({ corrected: 0.1667 }) })]);
    expect(report.lookups).toEqual([expect.objectContaining({ backend: 'operator', outcome: 'response', count: 5 })]);
  });

  it('shows per node the visits, the outputs taken and where callers gave up', async () => {
    const { nodes } = (await viewer.get(`/api/flows/${FLOW}/analytics?${period()}`)).body as {
      nodes: Array<{ node: string; visits: number; exits: Record<string, number>; dropOffs: number; noInput: number; noMatch: number }>;
    };
    const node = (id: string) => nodes.find((n) => n.node === id);
    expect(node('mainMenu')).toMatchObject({ visits: 6, exits: { balance: 3, agent: 2 }, dropOffs: 1, noInput: 0, noMatch: 0 });
    // The returning caller passed through the language node without being asked.
    expect(node('language')).toMatchObject({ visits: 6, exits: { next: 6 }, noInput: 0 });
    expect(node('handoff')).toMatchObject({ visits: 2, exits: { done: 1 }, dropOffs: 1 });
    expect(node('satisfaction')).toMatchObject({ visits: 4, exits: { answered: 3 }, dropOffs: 1 });
    expect(node('goodbye')).toMatchObject({ visits: 3 });
  });

  it('gives the satisfaction answers: average, distribution, response rate, per agent to supervisors', async () => {
    const { csat } = (await supervisor.get(`/api/flows/${FLOW}/analytics?${period()}`)).body;
    expect(csat).toMatchObject({
      asked: 4,
      answered: 3,
      responseRate: 0.75,
      scale: 5,
      average: 3.667,
      satisfied: 0.6667,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 },
    });
    expect(csat.byAgent).toEqual([expect.objectContaining({ agent: 'awa', answered: 1, average: 5 })]);
    expect(csat.byChannel).toEqual([expect.objectContaining({ channel: 'voice', answered: 3 })]);
  });

  it("keeps each agent's satisfaction scores from readers of the flow who are not supervisors, in JSON and CSV", async () => {
    const asViewer = await viewer.get(`/api/flows/${FLOW}/analytics?${period()}`);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.csat).toMatchObject({ answered: 3, average: 3.667 });
    expect(asViewer.body.csat).not.toHaveProperty('byAgent');
    expect(JSON.stringify(asViewer.body)).not.toContain('awa');
    const csv = async (username: string) => {
      const answer = await fetch(`${server.url}/api/flows/${FLOW}/analytics?${period()}&table=csat&format=csv&dialect=plain`, { headers: { authorization: `Bearer ${await tokenOf(username)}` } });
      expect(answer.status).toBe(200);
      return parseCsv(await answer.text(), { columns: true }) as Array<Record<string, string>>;
    };
    expect((await csv('vera')).filter((r) => r.by === 'agent')).toEqual([]);
    expect((await csv('sena')).filter((r) => r.by === 'agent')).toEqual([expect.objectContaining({ value: 'awa', answered: '1' })]);
    // An editor and a tester read the flow's figures too, without the agents'.
    for (const roles of [['editor'], ['tester']] as const) {
      const reader = await userWithRoles(server, `reader-${roles[0]}`, [...roles]);
      const { csat } = (await reader.get(`/api/flows/${FLOW}/analytics?${period()}`)).body;
      expect(csat).not.toHaveProperty('byAgent');
    }
  });

  it('keeps preview traffic apart from callers', async () => {
    const started = await server.admin.post('/api/preview/sessions', { flowId: FLOW, source: 'production', channel: 'voice', callerNumber: '+2290197000002' });
    expect(started.status).toBe(201);
    const live = (await viewer.get(`/api/flows/${FLOW}/analytics?${period()}`)).body;
    const preview = (await viewer.get(`/api/flows/${FLOW}/analytics?${period()}&traffic=preview`)).body;
    expect(live.contacts).toBe(6);
    expect(preview.contacts).toBe(1);
    expect((await viewer.get(`/api/flows/${FLOW}/analytics?${period()}&traffic=live,preview`)).body.contacts).toBe(7);
  });

  it('exports a table as CSV', async () => {
    const answer = await fetch(`${server.url}/api/flows/${FLOW}/analytics?${period()}&table=nodes`, { headers: { authorization: `Bearer ${await tokenOf('vera')}`, accept: 'text/csv' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await answer.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.node === 'mainMenu')).toMatchObject({ visits: '6', drop_offs: '1', exit_balance: '3', exit_agent: '2' });
  });

  it('gives the queue figures to supervisors: offered, answered, abandoned, service level, agents', async () => {
    const answer = await supervisor.get(`/api/queues/analytics?${period()}&serviceLevelSeconds=20`);
    expect(answer.status).toBe(200);
    expect(answer.body.serviceLevelSeconds).toBe(20);
    const queue = answer.body.queues.find((q: { queue: string }) => q.queue === 'support-fr');
    expect(queue).toMatchObject({ offered: 2, answered: 1, answeredWithinThreshold: 1, abandoned: 1, serviceLevel: 0.5, left: {} });
    expect(queue.agents).toEqual([{ agent: 'awa', answered: 1, averageWaitSeconds: expect.any(Number) }]);
    expect(queue.agentOutcomes).toEqual({ served: 1 });
    expect((await viewer.get(`/api/queues/analytics?${period()}`)).status).toBe(403);
  });

  it('records facts without a number or a value in clear, the same caller under the same hash', async () => {
    const facts = await server.store.listFacts({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString(), flowId: FLOW, limit: 1000 });
    const text = JSON.stringify(facts);
    for (const clear of ['+229', '2290197', '12345678', '1250', 'Afiavi']) expect(text).not.toContain(clear);
    // The two contacts of +2290197000005 share one caller hash, and no one else has it.
    const starts = facts.filter((f) => f.traffic === 'live' && f.events.some((e) => e.type === 'contact'));
    expect(starts).toHaveLength(6);
    const callers = starts.map((f) => f.caller);
    expect(new Set(callers).size).toBe(5);
    expect(callers.every((c) => typeof c === 'string' && c.length >= 20)).toBe(true);
  });

  it('answers 404 for a flow that does not exist and 400 for a period backwards', async () => {
    expect((await viewer.get('/api/flows/nope/analytics')).status).toBe(404);
    const backwards = await viewer.get(`/api/flows/${FLOW}/analytics?from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('invalid_period');
  });
});

describe('GET /metrics', () => {
  /**
   * The parser reads every family; it folds the series of a labelled histogram into one, so
   * histograms are read a second time as their plain `_bucket`, `_sum` and `_count` series.
   */
  const scrape = async (token = METRICS_TOKEN) => {
    const answer = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    if (answer.status !== 200) return { status: answer.status, type: answer.headers.get('content-type'), families: [] };
    const text = await answer.text();
    const families = parsePrometheusTextFormat(text);
    const histograms = new Set(families.filter((f) => f.type === 'HISTOGRAM').map((f) => f.name));
    const series = parsePrometheusTextFormat(
      text
        .split('\n')
        .filter((line) => !/^# (TYPE|HELP) /.test(line) || !histograms.has(line.split(' ')[2] ?? ''))
        .join('\n'),
    );
    return { status: answer.status, type: answer.headers.get('content-type'), families: [...families, ...series.filter((f) => !families.some((g) => g.name === f.name))] };
  };
  const sample = (families: PrometheusFamily[], name: string, labels: Record<string, string>) =>
    families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

  it('is read by the scraper token or an admin only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await viewer.get('/metrics')).status).toBe(403);
    expect((await scrape('not-the-token-at-all-0000000')).status).toBe(401);
    expect((await server.admin.get('/metrics')).status).toBe(200);
  });

  it('counts turns, contacts by outcome, look-ups, queue sizes, signature failures and the event loop, in the text format', async () => {
    const forged = JSON.stringify(callHookPayload({ callSid: 'CA-forged', from: '+2290197000001', to: '1919' }));
    const refused = await fetch(`${server.url}/jambonz/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'jambonz-signature': signJambonz('not-the-secret', forged) },
      body: forged,
    });
    expect(refused.status).toBe(403);
    const { status, type, families } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(families, 'griot_contacts_ended_total', { channel: 'voice', outcome: 'contained', traffic: 'live' })?.value).toBe('2');
    expect(sample(families, 'griot_contacts_ended_total', { channel: 'voice', outcome: 'abandoned', traffic: 'live' })?.value).toBe('3');
    expect(sample(families, 'griot_contacts_ended_total', { channel: 'voice', outcome: 'transferred', traffic: 'live' })?.value).toBe('1');
    expect(sample(families, 'griot_contacts_started_total', { channel: 'voice', traffic: 'live' })?.value).toBe('6');
    expect(Number(sample(families, 'griot_turns_total', { channel: 'voice', traffic: 'live' })?.value)).toBeGreaterThan(20);
    expect(families.find((f) => f.name === 'griot_lookup_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(sample(families, 'griot_lookup_duration_seconds_count', { backend: 'operator', outcome: 'response' })?.value).toBe('5');
    expect(sample(families, 'griot_lookup_duration_seconds_bucket', { backend: 'operator', outcome: 'response', le: '+Inf' })?.value).toBe('5');
    // Every voice turn, the preview's included, was timed and saved once.
    const turns = ['live', 'preview'].reduce((n, traffic) => n + Number(sample(families, 'griot_turns_total', { channel: 'voice', traffic })?.value), 0);
    expect(sample(families, 'griot_turn_duration_seconds_count', { channel: 'voice' })?.value).toBe(String(turns));
    expect(sample(families, 'griot_store_write_duration_seconds_count', { operation: 'saveTurn' })?.value).toBe(String(turns));
    expect(sample(families, 'griot_webhook_signature_failures_total', { channel: 'voice' })?.value).toBe('1');
    expect(families.find((f) => f.name === 'nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(families.find((f) => f.name === 'griot_queue_waiting_contacts')?.type).toBe('GAUGE');
  });

  it('has every metric the example Grafana dashboard (docs/grafana-dashboard.json) plots', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const plotted = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(griot|nodejs)_[a-z0-9_]+/g) ?? [])));
    expect(plotted.size).toBeGreaterThan(8);
    const { families } = await scrape();
    const served = new Set(families.map((f) => f.name));
    expect([...plotted].filter((name) => !served.has(name))).toEqual([]);
  });

  it('reports the contacts waiting in each queue at the scrape', async () => {
    const call = await dial('+2290197000003');
    await call.press('4');
    const { families } = await scrape();
    expect(sample(families, 'griot_queue_waiting_contacts', { queue: 'support-fr' })?.value).toBe('1');
    await call.hangup();
    // A known queue stays in the scrape at 0 once empty (Grafana shows 0, not "No data").
    expect(sample((await scrape()).families, 'griot_queue_waiting_contacts', { queue: 'support-fr' })?.value).toBe('0');
  });
});

async function tokenOf(username: string): Promise<string> {
  const user = (await server.store.getUserByName(username))!;
  // Tokens are made by a signed-in session (one that ended makes none): one is put in the store for it.
  const session = `session-of-${username}-${crypto.randomUUID()}`;
  await server.store.putLoginSession({ id: session, userId: user.id, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  const { token } = await server.services.auth.createToken({ userId: user.id, username, displayName: username, roles: user.roles, via: 'session', credentialId: session }, 'csv');
  return token;
}
