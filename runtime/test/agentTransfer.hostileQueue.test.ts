import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';

/**
 * Over real HTTP, against a separate `griot serve` (a frozen server must not freeze the test): a
 * draft whose handoff queue is a template of many placeholders (`{{a}}{{b}}…{{j}}!`) made every
 * transfer to a long name compile it into `^.+.+…!$`, which backtracks for ever: the agent's
 * click never answered and /healthz stopped answering for everyone. Now the transfer is decided
 * at once and the server stays up.
 */
const SECRET = 'jambonz-hostile-queue-secret';
const ADMIN = 'hostile-queue-admin-token-0123456789';
const HOSTILE_QUEUE = '{{a}}{{b}}{{c}}{{d}}{{e}}{{f}}{{g}}{{h}}{{i}}{{j}}!';
let dataDir: string;
let griot: GriotProcess;
let admin: ApiClient;
let agent: ApiClient;
let agentCookie: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-hostile-queue-'));
  griot = await startGriotProcess({ DATA_DIR: dataDir, GRIOT_DEMO: '1', GRIOT_ADMIN_TOKEN: ADMIN, JAMBONZ_WEBHOOK_SECRET: SECRET });
  admin = apiClient(griot.url, { token: ADMIN });
  const password = 'correct horse battery';
  expect((await admin.post('/api/users', { username: 'awa', password, roles: ['agent'] })).status).toBe(201);
  const login = await apiClient(griot.url).post('/api/auth/login', { username: 'awa', password });
  agentCookie = login.headers.get('set-cookie')!.split(';')[0]!;
  agent = apiClient(griot.url, { cookie: agentCookie });
}, 90_000);
afterAll(async () => {
  await griot?.kill9();
  await rm(dataDir, { recursive: true, force: true });
});

/** A request that gives up after `ms`: a server stuck in a regular expression never answers. */
async function within(ms: number, path: string, init: RequestInit = {}): Promise<{ status: number; body: any } | 'no answer'> {
  try {
    const response = await fetch(new URL(path, griot.url), { ...init, signal: AbortSignal.timeout(ms) });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } catch {
    return 'no answer';
  }
}

describe('a transfer while a draft names a hostile queue template', () => {
  it('answers at once and the server stays up', async () => {
    const call = new SimulatedCall(httpLink(griot.url, { secret: SECRET }), { callSid: 'CA-hostile-queue', from: '+2290197000401', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    const find = async () => {
      const queues = (await agent.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
      return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === '+2290197000401' && c.status === 'waiting')?.id;
    };
    await expect.poll(find, { timeout: 30_000 }).toBeDefined();
    const id = (await find())!;

    // An editor's draft (never published) hands over to the hostile template.
    const flowId = ((await admin.get('/api/flows')).body as Array<{ id: string }>)[0]!.id;
    const draft = (await admin.get(`/api/flows/${flowId}/draft`)).body as { revision: number; document: { nodes: Array<{ type: string; queue?: string }> } };
    const handoff = draft.document.nodes.find((n) => n.type === 'handoff')!;
    handoff.queue = HOSTILE_QUEUE;
    expect((await admin.put(`/api/flows/${flowId}/draft`, { revision: draft.revision, document: draft.document })).status).toBe(200);

    const headers = { 'content-type': 'application/json', cookie: agentCookie };
    const started = performance.now();
    const refused = await within(5_000, `/api/agent/contacts/${id}/transfer`, { method: 'POST', headers, body: JSON.stringify({ queue: 'a'.repeat(120) }) });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'unknown_queue' } } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await within(2_000, '/healthz')).toMatchObject({ status: 200 });
    // Its placeholders take open values, so the template names no queue an agent may pick: even a
    // name of its shape is refused, promptly.
    const shaped = await within(5_000, `/api/agent/contacts/${id}/transfer`, { method: 'POST', headers, body: JSON.stringify({ queue: `${'a'.repeat(120)}!` }) });
    expect(shaped).toMatchObject({ status: 422, body: { error: { code: 'unknown_queue' } } });
    await call.hangup();
  }, 120_000);
});
