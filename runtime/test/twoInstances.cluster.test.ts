import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts } from '@griot/connectors/voice/testing';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { toneWav } from '../src/audio/toneWav.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';
import { balancedJambonzLink, startTwoInstances, TWO_INSTANCES_ADMIN_TOKEN, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * Two real Griot processes, own DATA_DIRs, one SQLite database (issue 16): what one instance
 * learns, the other acts on at once (agent inbox, binding changes, promotions, prompts); timed
 * jobs run on one of them; an instance stopped mid-call (SIGTERM or kill -9) loses no call.
 */
const LOOKUP_MS = 3200;
let operator: FakeOperator;
let pair: TwoInstances;
let backupDir: string;
let graph: FakeGraphServer;
const APP_SECRET = 'cluster-app-secret';
const GRAPH_TOKEN = 'cluster-graph-token';
let calls = 0;

beforeAll(async () => {
  operator = await FakeOperator.start();
  backupDir = await mkdtemp(join(tmpdir(), 'griot-two-backups-'));
  graph = await startFakeGraphServer({ accessToken: GRAPH_TOKEN });
  pair = await startTwoInstances({
    env: {
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: GRAPH_TOKEN,
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      GRIOT_DEMO: '1',
      GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`,
      ...OPERATOR_SECRET,
      // Both instances are told to back up every second into one directory: one of them does.
      GRIOT_BACKUP_CRON: '* * * * * *',
      GRIOT_BACKUP_DIR: backupDir,
      GRIOT_BACKUP_KEEP: '2',
      GRIOT_TIMEZONE: 'UTC',
      // Leases of 3 s: each job is looked at every second.
      GRIOT_JOB_LEASE_SECONDS: '3',
    },
  });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await operator?.close();
  await graph?.close();
  await rm(backupDir, { recursive: true, force: true });
});

/** An agent of the shared store, logged in on one instance (its session cookie is valid on both). */
async function agentOn(instance: TwoInstances['a'], username: string): Promise<{ client: ApiClient; cookie: string }> {
  const password = 'correct horse battery';
  expect((await pair.a.admin.post('/api/users', { username, password, roles: ['agent'] })).status).toBe(201);
  const login = await apiClient(instance.url).post('/api/auth/login', { username, password });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return { client: apiClient(instance.url, { cookie }), cookie };
}

/** The inbox's Server-Sent Events on `url`, collected until closed. */
async function openInbox(url: string, cookie: string) {
  const stream = await openEventStream(`${url}/api/agent/events`, { cookie });
  expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  let ended = false;
  void (async () => {
    try {
      for (let event = await stream.next(); event !== 'ended'; event = await stream.next()) events.push(event);
    } catch {
      // Aborted.
    }
    ended = true;
  })();
  return { events, ended: () => ended, close: stream.close };
}

const onlyTo = (name: 'a' | 'b') => balancedJambonzLink(pair, () => name);

/** Publishes and promotes `testFlow` under `id` with a balance message saying `text`; bound to voice `number` when given. */
async function voiceFlow(id: string, number: string | null, text: string): Promise<void> {
  expect((await pair.a.admin.post('/api/flows', { document: testFlow({ id, balanceText: text }) })).status).toBe(201);
  expect((await pair.a.admin.post(`/api/flows/${id}/publish`, { message: 'v1' })).status).toBe(201);
  const promoted = await pair.a.admin.post(`/api/flows/${id}/environments/production`, { version: 1 });
  expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
  if (number) await bind(id, number);
}

async function bind(id: string, number: string): Promise<void> {
  const bound = await pair.a.admin.post('/api/bindings', { channel: 'voice', address: number, flowId: id, environment: 'production' });
  expect(bound.status, JSON.stringify(bound.body)).toBe(201);
}

/** Calls `number` through `link` and asks for the balance (key 1): what the caller heard. */
async function balanceHeard(link: ReturnType<typeof onlyTo>, number: string): Promise<string> {
  const call = new SimulatedCall(link, { callSid: `CA-cluster-${++calls}`, from: '+2290197000005', to: number });
  await call.start();
  const mark = call.heard.length;
  await call.press('1');
  call.received.forEach((verbs) => assertJambonzAccepts(verbs));
  const heard = call.heardSince(mark);
  await call.hangup();
  return heard;
}

describe('two instances behave as one line', () => {
  it('shows an agent on one instance, live, the caller queued through the other', async () => {
    const agent = await agentOn(pair.b, 'awa');
    const inbox = await openInbox(pair.b.url, agent.cookie);
    try {
      const call = new SimulatedCall(onlyTo('a'), { callSid: `CA-cluster-${++calls}`, from: '+2290197000007', to: '1919' });
      await call.start();
      if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
      await call.press('4');
      expect(call.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
      // The event was produced on a; the inbox open on b hears of it.
      await expect.poll(() => inbox.events.find((e) => e.type === 'contact' && e.data.status === 'waiting'), { timeout: 2000, interval: 50 }).toBeTruthy();
      const contactId = inbox.events.find((e) => e.type === 'contact')!.data.id as string;
      // b's agent takes it; a, where the call runs, sees it assigned.
      expect((await agent.client.post(`/api/agent/contacts/${contactId}/take`)).status).toBe(200);
      const admin = apiClient(pair.a.url, { token: TWO_INSTANCES_ADMIN_TOKEN });
      expect((await admin.get(`/api/agent/contacts/${contactId}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'awa' });
      await call.hangup();
    } finally {
      inbox.close();
    }
  }, 30_000);

  it('answers a number bound on the other instance at once, not after the binding cache time', async () => {
    await voiceFlow('bound-late', null, 'Solde du nouveau numéro.');
    // b is called on a number nobody bound yet: an apology, and b remembers "no binding" for 5 s.
    const before = new SimulatedCall(onlyTo('b'), { callSid: `CA-cluster-${++calls}`, from: '+2290197000005', to: '5002' });
    await before.start();
    expect(before.heard.join(' ')).not.toContain('Tapez 1');
    await before.hangup();
    await bind('bound-late', '5002');
    // A new call is routed by the binding in the store (bindings.lateEvents.twoInstances.test.ts):
    // the number answers well before b's 5 s of "no binding" are over, whenever b hears the event.
    await expect.poll(() => balanceHeard(onlyTo('b'), '5002'), { timeout: 3000, interval: 100 }).toContain('Solde du nouveau numéro.');
  }, 30_000);

  it('answers a number with the flow it was moved to on the other instance', async () => {
    await voiceFlow('moved-from', '5000', 'Ancien solde.');
    await voiceFlow('moved-to', '5099', 'Nouveau solde.');
    expect(await balanceHeard(onlyTo('b'), '5000')).toContain('Ancien solde.');
    const bindings = (await pair.a.admin.get('/api/bindings')).body as Array<{ id: string; address: string }>;
    const from = bindings.find((b) => b.address === '5000')!;
    expect((await pair.a.admin.put(`/api/bindings/${from.id}`, { channel: 'voice', address: '5000', flowId: 'moved-to', environment: 'production' })).status).toBe(200);
    expect(await balanceHeard(onlyTo('b'), '5000')).toContain('Nouveau solde.');
  }, 30_000);

  it('serves on one instance the version promoted on the other, at the next call', async () => {
    await voiceFlow('promoted', '5001', 'Solde, version une.');
    const draft = await pair.b.admin.get('/api/flows/promoted/draft');
    expect((await pair.b.admin.put('/api/flows/promoted/draft', { revision: draft.body.revision, document: testFlow({ id: 'promoted', balanceText: 'Solde, version deux.' }) })).status).toBe(200);
    expect((await pair.b.admin.post('/api/flows/promoted/publish', { message: 'v2' })).status).toBe(201);
    expect(await balanceHeard(onlyTo('b'), '5001')).toContain('Solde, version une.');
    expect((await pair.a.admin.post('/api/flows/promoted/environments/production', { version: 2 })).status).toBe(200);
    expect(await balanceHeard(onlyTo('b'), '5001')).toContain('Solde, version deux.');
    // And rolled back on b, served by a.
    expect((await pair.b.admin.post('/api/flows/promoted/environments/production', { version: 1 })).status).toBe(200);
    expect(await balanceHeard(onlyTo('a'), '5001')).toContain('Solde, version une.');
  }, 30_000);

  it('answers once a WhatsApp message Meta delivered to both instances, and not again when it re-delivers it', async () => {
    const message = wa.textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000031' });
    const wamid = (message.entry[0]!.changes[0]!.value as unknown as { messages: { id: string }[] }).messages[0]!.id;
    const sendsFor = () =>
      graph
        .sent()
        .map((r) => String(r.body.biz_opaque_callback_data))
        .filter((key) => key.startsWith(`${wamid}:`));
    const delivered = await Promise.all([postWebhook(pair.a.url, message, APP_SECRET), postWebhook(pair.b.url, message, APP_SECRET)]);
    expect(delivered.map((r) => r.status)).toEqual([200, 200]);
    await expect.poll(() => sendsFor().length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
    // Meta re-delivers it (to either): recorded already, nothing more is sent.
    expect((await postWebhook(pair.b.url, message, APP_SECRET)).status).toBe(200);
    expect((await postWebhook(pair.a.url, message, APP_SECRET)).status).toBe(200);
    // Both instances' inboxes have had time to process anything they took (a few of their 100 ms sweeps).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const keys = sendsFor();
    // One reply (its parts numbered from 0), never two: no part sent twice.
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.map((key) => Number(key.slice(key.lastIndexOf(':') + 1))).sort()).toEqual(keys.map((_, i) => i));
  }, 30_000);

  it('serves a prompt uploaded on one instance from the other, whole and by ranges', async () => {
    const wav = toneWav();
    const uploaded = await fetch(`${pair.a.url}/api/flows/selfcare-1919/audio?name=fon/cluster.wav`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TWO_INSTANCES_ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
      body: wav,
    });
    expect(uploaded.status).toBe(201);
    // A draft's take: the designer's users hear it (test/audio.drafts.test.ts), on either instance.
    const signedIn = { authorization: `Bearer ${TWO_INSTANCES_ADMIN_TOKEN}` };
    const whole = await fetch(`${pair.b.url}/audio/selfcare-1919/fon/cluster.wav`, { headers: signedIn });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true);
    const part = await fetch(`${pair.b.url}/audio/selfcare-1919/fon/cluster.wav`, { headers: { range: 'bytes=44-99', ...signedIn } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(44, 100))).toBe(true);
  });

  it('takes each scheduled backup on one instance only', async () => {
    const written = (instance: TwoInstances['a']) =>
      instance.process
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"scheduled backup written"')).length;
    await expect.poll(() => written(pair.a) + written(pair.b), { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    // One holds the lease and backs up every second; the other never does.
    expect(Math.min(written(pair.a), written(pair.b))).toBe(0);
  }, 15_000);
});

describe('an instance stopping mid-call', () => {
  it('on SIGTERM, finishes the slow look-up it runs and leaves the turn for the other: the caller hears the PUK, the operator is asked once', async () => {
    let stopping: Promise<void> | undefined;
    // Every hook to a, except the redirect fetching the rest, which reaches b as a is being stopped.
    const link = balancedJambonzLink(pair, (kind) => {
      if (kind !== 'session:redirect') return 'a';
      stopping ??= pair.a.process.stop();
      return 'b';
    });
    const call = new SimulatedCall(link, { callSid: `CA-cluster-${++calls}`, from: '+2290197000001', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    const mark = call.heard.length;
    const hitsBefore = operator.hits;
    operator.delayMs = LOOKUP_MS;
    try {
      await call.press('1');
    } finally {
      operator.delayMs = 0;
    }
    expect(stopping).toBeDefined();
    await stopping;
    expect(call.heardSince(mark)).toMatch(/Votre code PUK est : 2, 4, 6, 8, 1, 3, 5, 7\./);
    expect(operator.hits - hitsBefore).toBe(1);
    expect(pair.a.process.output()).toContain('shutdown.lookupsFinished');
    call.received.forEach((verbs) => assertJambonzAccepts(verbs));
    await pair.restart('a');
  }, 60_000);

  it('after kill -9 of the instance a call was on, goes on on the other', async () => {
    let target: 'a' | 'b' = 'a';
    const link = balancedJambonzLink(pair, () => target);
    const call = new SimulatedCall(link, { callSid: `CA-cluster-${++calls}`, from: '+2290197000002', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    expect(call.waitingOn).toBeDefined();
    await pair.a.process.kill9();
    target = 'b';
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toMatch(/Votre code PUK est : 2, 4, 6, 8, 1, 3, 5, 7\./);
    expect(link.routed.at(-1)!.to).toBe('b');
    call.received.forEach((verbs) => assertJambonzAccepts(verbs));
    await call.hangup();
    await pair.restart('a');
  }, 60_000);
});
