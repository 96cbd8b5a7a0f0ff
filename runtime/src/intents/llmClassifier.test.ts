import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskDigits, type ClassifyEffect } from '@griot/flows';
import { captureLogs } from '../conversations/testSupport.ts';
import { startFakeOpenAi, type FakeOpenAi } from './testing/fakeOpenAi.ts';
import { createLlmClassifier, type Classify } from './llmClassifier.ts';

const CALLER = '+2290197000001';

const request = (overrides: Partial<ClassifyEffect> = {}): ClassifyEffect => ({
  type: 'classify',
  node: 'mainMenu',
  locale: 'fr',
  text: maskDigits('ma puce est bloquée, mon numéro est 01 97 00 00 01'),
  intents: [
    { id: 'puk', label: 'Code PUK', description: 'Débloquer une carte SIM', examples: ['sim bloquée', 'code puk'] },
    { id: 'balance', label: 'Solde', description: 'Solde', examples: ['solde', 'crédit'] },
  ],
  slots: [
    { name: 'number', kind: 'phone', description: 'le numéro concerné' },
    { name: 'amount', kind: 'amount', description: '' },
  ],
  timeoutMs: 300,
  ...overrides,
});

let fake: FakeOpenAi;
let classify: Classify;
const logs = captureLogs();

beforeAll(async () => {
  fake = await startFakeOpenAi();
  classify = createLlmClassifier({ baseURL: fake.baseURL, apiKey: 'test-key', model: 'fake-model', logger: logs.logger });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  logs.lines.length = 0;
});

describe('the LLM classifier', () => {
  it('answers the intent, confidence and slots the model gives', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.93, slots: { number: null, amount: 500 } } });
    expect(await classify(request())).toEqual({ type: 'classification', outcome: 'ok', intent: 'puk', confidence: 0.93, slots: { amount: 500 } });
    const body = fake.requests[0]!;
    expect(body).toMatchObject({ model: 'fake-model', temperature: 0, response_format: { type: 'json_schema', json_schema: { strict: true } } });
    expect(body.response_format.json_schema.schema.properties.intent).toEqual({ anyOf: [{ type: 'string', enum: ['puk', 'balance'] }, { type: 'null' }] });
    expect(fake.headers[0]!.authorization).toBe('Bearer test-key');
  });

  it('sends the masked words and the intent definitions only: no digits, no caller number', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.9, slots: { number: null, amount: null } } });
    await classify(request());
    const body = fake.requests[0]!;
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'ma puce est bloquée, mon numéro est •••' });
    expect(JSON.stringify(body.messages)).not.toMatch(/\d{2}/);
    expect(JSON.stringify(body)).not.toContain(CALLER.slice(4));
    const system = body.messages[0].content as string;
    expect(system).toContain('"fr"');
    expect(system).toContain('id: puk');
    expect(system).toContain('Débloquer une carte SIM');
    expect(system).toContain('"sim bloquée"');
    expect(system).toContain('number (phone): le numéro concerné');
    expect(system).toMatch(/null when none fits/);
  });

  it('passes a low confidence and a null intent through: the flow decides with its threshold', async () => {
    fake.behave({ answer: { intent: 'balance', confidence: 0.12, slots: { number: null, amount: null } } });
    expect(await classify(request())).toMatchObject({ outcome: 'ok', intent: 'balance', confidence: 0.12 });
    fake.behave({ answer: { intent: null, confidence: 0.8, slots: { number: null, amount: null } } });
    expect(await classify(request())).toMatchObject({ outcome: 'ok', intent: null, confidence: 0.8 });
  });

  it('drops slot values that are masked digits, so the fallback keeps the real ones', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.9, slots: { number: '•••', amount: null } } });
    expect(await classify(request())).toMatchObject({ outcome: 'ok', slots: {} });
  });

  it('drops a slot value too long to be one, logging its length and never the value', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.9, slots: { number: `+229${'0'.repeat(300)}<script>`, amount: 500 } } });
    expect(await classify(request())).toMatchObject({ outcome: 'ok', slots: { amount: 500 } });
    const warning = logs.lines.map((l) => JSON.parse(l)).find((l) => l.event === 'classifier.slotTooLong');
    expect(warning).toMatchObject({ level: 40, node: 'mainMenu', slot: 'number', chars: 312 });
    expect(logs.lines.join('\n')).not.toContain('<script>');
  });

  it('answers timeout when the model is slower than the request allows, within about timeoutMs', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.9, slots: {} }, delayMs: 3000 });
    const began = performance.now();
    expect(await classify(request({ timeoutMs: 250 }))).toEqual({ type: 'classification', outcome: 'timeout' });
    const elapsed = performance.now() - began;
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(1000); // a shared machine: well under the fake's 3 s
  });

  it.each([
    ['malformed JSON', { content: '{"intent": "puk", "confid' }],
    ['prose instead of JSON', { content: 'The caller wants a PUK code.' }],
    ['an intent the request does not have', { answer: { intent: 'lottery', confidence: 0.99, slots: { number: null, amount: null } } }],
    ['a confidence out of range', { answer: { intent: 'puk', confidence: 7, slots: { number: null, amount: null } } }],
    ['a missing field', { answer: { intent: 'puk', slots: {} } }],
    ['a refusal', { refusal: 'I cannot help with that.' }],
    ['HTTP 500', { status: 500 }],
    ['HTTP 401', { status: 401 }],
  ])('answers error, without throwing, on %s', async (_name, behaviour) => {
    fake.behave(behaviour);
    expect(await classify(request())).toEqual({ type: 'classification', outcome: 'error' });
    expect(fake.requests).toHaveLength(1); // maxRetries: 0
  });

  it('answers error when the server cannot be reached', async () => {
    const nowhere = createLlmClassifier({ baseURL: 'http://127.0.0.1:9/v1', model: 'm', logger: logs.logger });
    expect(await nowhere(request())).toEqual({ type: 'classification', outcome: 'error' });
  });

  it('logs node, outcome, latency and model, never the words', async () => {
    fake.behave({ answer: { intent: 'puk', confidence: 0.9, slots: { number: null, amount: null } } });
    await classify(request());
    fake.behave({ status: 500 });
    await classify(request());
    const entries = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'classifier.answer');
    expect(entries).toEqual([
      expect.objectContaining({ node: 'mainMenu', outcome: 'ok', model: 'fake-model', latencyMs: expect.any(Number) }),
      expect.objectContaining({ node: 'mainMenu', outcome: 'error', model: 'fake-model', failure: 'InternalServerError 500' }),
    ]);
    const logged = logs.lines.join('\n');
    expect(logged).not.toContain('puce');
    expect(logged).not.toContain('test-key');
  });
});
