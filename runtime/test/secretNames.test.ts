import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * GET /api/secrets: the designer's `{{secret.` autocomplete. Editors (and admins) read the names
 * GRIOT_FLOW_SECRETS lists and where each may go; never a value, nor its length. Agents, viewers
 * and anonymous callers are refused.
 */
const CRM_TOKEN = 'crm-token-value-4f9a7c2e81';
const BILLING_KEY = 'billing-key-value-0d3b6e';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      GRIOT_FLOW_SECRETS: 'CRM_TOKEN@crm|billing,BILLING_KEY@billing',
      CRM_TOKEN,
      BILLING_KEY,
      GRIOT_BACKENDS_STAGING: 'crm=http://127.0.0.1:9/crm,billing=http://127.0.0.1:9/billing',
      GRIOT_BACKENDS_PRODUCTION: 'crm=http://127.0.0.1:9/crm,billing=http://127.0.0.1:9/billing',
    },
  });
}, 60_000);
afterAll(() => server.stop());

describe('the secret names route', () => {
  it('gives editors the names and backends, never a value', async () => {
    const editor = await userWithRoles(server, 'edem', ['editor']);
    const answer = await editor.get('/api/secrets');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      secrets: [
        { name: 'BILLING_KEY', backends: ['billing'] },
        { name: 'CRM_TOKEN', backends: ['billing', 'crm'] },
      ],
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(CRM_TOKEN);
    expect(text).not.toContain(BILLING_KEY);
    expect(text).not.toMatch(/length|\d{2,}/);
    const admin = await userWithRoles(server, 'ada', ['admin']);
    expect((await admin.get('/api/secrets')).status).toBe(200);
  });

  it('is refused to agents, viewers and anonymous callers', async () => {
    expect((await server.anonymous.get('/api/secrets')).status).toBe(401);
    expect((await (await userWithRoles(server, 'yao', ['agent'])).get('/api/secrets')).status).toBe(403);
    expect((await (await userWithRoles(server, 'vi', ['viewer'])).get('/api/secrets')).status).toBe(403);
  });
});
