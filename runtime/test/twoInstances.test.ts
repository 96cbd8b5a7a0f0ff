import { randomUUID } from 'node:crypto';
import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts } from '@griot/connectors/voice/testing';
import { counterFlow } from '../src/conversations/testSupport.ts';
import { balancedJambonzLink, startTwoInstances, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * Two real Griot processes with their own DATA_DIR on one SQLite database (GRIOT_SQLITE_PATH),
 * both started at the same moment on an empty database with the demo, behind a balancer that is
 * not sticky (issue 18, points 2, 3 and 8; the base of issue 16's two-instance suite).
 */
const LOOKUP_MS = 3200;
let operator: FakeOperator;
let pair: TwoInstances;

beforeAll(async () => {
  operator = await FakeOperator.start();
  pair = await startTwoInstances({ env: { GRIOT_DEMO: '1', GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET } });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await operator?.close();
});

describe('two instances started at once on an empty database', () => {
  it('both serve; the first admin is created and the demo seeded once, by one of them', async () => {
    const outputs = [pair.a.process.output(), pair.b.process.output()];
    // The one-time password was shown by exactly one instance; the other found the admin there.
    expect(outputs.filter((o) => o.includes('FIRST ADMIN PASSWORD'))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes('demo flow seeded'))).toHaveLength(1);
    for (const instance of [pair.a, pair.b]) {
      expect((await fetch(`${instance.url}/readyz`)).status).toBe(200);
      const users = await instance.admin.get('/api/users');
      expect(users.body.map((u: { username: string }) => u.username)).toEqual(['admin']);
      const flows = await instance.admin.get('/api/flows');
      expect(flows.body.map((f: { id: string }) => f.id)).toEqual(['selfcare-1919']);
      const bindings = await instance.admin.get('/api/bindings');
      expect(bindings.body.map((b: { channel: string }) => b.channel).sort()).toEqual(['ussd', 'voice', 'whatsapp']);
    }
    expect((await pair.a.admin.get('/api/flows/selfcare-1919/versions')).body).toHaveLength(1);
  });
});

describe('one conversation, two instances', () => {
  it('answers two messages of one conversation reaching the two instances at the same moment, each once, in turn', async () => {
    const flow = counterFlow({ id: 'counter', secret: 'OPERATOR_API_TOKEN' });
    // Created on a, published and bound on b: one store.
    expect((await pair.a.admin.post('/api/flows', { document: { ...flow, id: 'counter' } })).status).toBe(201);
    const published = await pair.b.admin.post('/api/flows/counter/publish', { message: 'v1' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect((await pair.a.admin.post('/api/flows/counter/environments/production', { version: 1 })).status).toBe(200);
    const binding = await pair.b.admin.post('/api/bindings', { channel: 'webchat', address: 'two-instances', flowId: 'counter', environment: 'production' });
    expect(binding.status).toBe(201);
    const chat = (instance: TwoInstances['a'], body: Record<string, unknown>) =>
      fetch(`${instance.url}/chat/${binding.body.id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        async (r) => (await r.json()) as { conversationId: string; replies: Array<{ type: string; text?: string }> },
      );
    const opened = await chat(pair.a, { open: true });
    expect(opened.replies.map((r) => r.text)).toContain('Écrivez quelque chose.');
    // One message on each instance first, so both have run this conversation once (warm).
    operator.delayMs = 0;
    expect((await chat(pair.b, { conversationId: opened.conversationId, messageId: randomUUID(), text: 'un' })).replies.map((r) => r.text).join(' ')).toContain('Message n°1.');
    expect((await chat(pair.a, { conversationId: opened.conversationId, messageId: randomUUID(), text: 'deux' })).replies.map((r) => r.text).join(' ')).toContain('Message n°2.');
    // Then one message on each at the same moment: both read the conversation before either saves
    // (the look-up takes a second), one saves first and the other runs its turn again.
    const hitsBefore = operator.hits;
    operator.delayMs = 1000;
    const [one, two] = await Promise.all([
      chat(pair.a, { conversationId: opened.conversationId, messageId: randomUUID(), text: 'trois' }),
      chat(pair.b, { conversationId: opened.conversationId, messageId: randomUUID(), text: 'quatre' }),
    ]);
    const counted = [...one.replies, ...two.replies].flatMap((r) => /Message n°\d+/.exec(r.text ?? '') ?? []).sort();
    // A lost turn would answer n°3 twice; a doubled one would reach n°5.
    expect(counted).toEqual(['Message n°3', 'Message n°4']);
    // The instance that lost the race ran its turn again, reusing its look-up's answer: the
    // operator's system was asked once per message (a POST there is made once). The processes'
    // log lines reach this process a little after their answers.
    await expect.poll(() => pair.a.process.output() + pair.b.process.output(), { timeout: 5000 }).toContain('conversation.conflict');
    expect(operator.hits - hitsBefore).toBe(2);
    operator.delayMs = 0;
    const next = await chat(pair.b, { conversationId: opened.conversationId, messageId: randomUUID(), text: 'cinq' });
    expect(next.replies.map((r) => r.text).join(' ')).toContain('Message n°5.');
  }, 30_000);

  it('gives a slow look-up’s continuation to the other instance the redirect reached: the caller hears the PUK, the operator is asked once', async () => {
    const link = balancedJambonzLink(pair, (kind) => (kind === 'session:redirect' ? 'b' : 'a'));
    const call = new SimulatedCall(link, { callSid: 'CA-two-instances-slow', from: '+2290197000001', to: '1919' });
    await call.start();
    await call.press('1');
    const mark = call.heard.length;
    const hitsBefore = operator.hits;
    operator.delayMs = LOOKUP_MS;
    await call.press('1');
    expect(call.heardSince(mark)).toMatch(/Un instant.*Votre code PUK est : 2, 4, 6, 8, 1, 3, 5, 7\./s);
    // The rest was fetched from b, which did not run the look-up: a did, once.
    expect(link.routed.filter((r) => r.hook.startsWith('/jambonz/continue')).map((r) => r.to)).toEqual(expect.arrayContaining(['b']));
    expect(operator.hits - hitsBefore).toBe(1);
    call.received.forEach((verbs) => assertJambonzAccepts(verbs));
    await call.hangup();
  }, 30_000);
});
