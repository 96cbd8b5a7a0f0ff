import { afterAll, beforeAll, expect } from 'vitest';
import { sendHook, type HookAnswer, type SentHook } from '@griot/connectors/voice/testing';
import { Flow } from '@griot/flows';
import type { ApiClient } from './http.ts';
import { FakeOperator, OPERATOR_SECRET } from './fakeOperator.ts';
import { startTwoInstances, type TwoInstances } from './twoInstances.ts';

/**
 * What the voice tests on two instances share (test/voice.replay.twoInstances, voice.retry.twoInstances):
 * two Griot processes on one store beside a fake operator's system, a balance line published on
 * both, and jambonz's webhooks kept as sent, to be sent again to either instance.
 */
export interface OperatorPair {
  readonly operator: FakeOperator;
  readonly pair: TwoInstances;
}

/** Starts the operator and the two instances (`env` for both) before the file's tests, stops them after. */
export function useOperatorPair(env: Record<string, string> = {}): OperatorPair {
  const started: { operator?: FakeOperator; pair?: TwoInstances } = {};
  beforeAll(async () => {
    started.operator = await FakeOperator.start();
    started.pair = await startTwoInstances({ env: { GRIOT_BACKENDS_PRODUCTION: `operator=${started.operator.url}`, ...OPERATOR_SECRET, ...env } });
  }, 120_000);
  afterAll(async () => {
    await started.pair?.stop();
    await started.operator?.close();
  });
  return {
    get operator() {
      return started.operator!;
    },
    get pair() {
      return started.pair!;
    },
  };
}

/**
 * A balance line: each « 1 » asks the operator's system (`$.balance.airtime`: 1500), then back to
 * the menu; « 2 » ends. With `greeting`, a message before the menu.
 */
/** The look-up of the caller's airtime balance on the fake operator (`balanceAirtime`). */
export const BALANCE_LOOKUP = {
  id: 'lookup',
  type: 'http',
  method: 'GET',
  backend: 'operator',
  url: '/subscribers/{{caller.number}}',
  headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}' },
  timeoutMs: 4000,
  responseMapping: [{ variable: 'balanceAirtime', path: '$.balance.airtime' }],
} as const;

export function balanceLine(id: string, name: string, greeting?: string): Flow {
  const first = greeting ? 'hello' : 'menu';
  return Flow.parse({
    schemaVersion: 2,
    id,
    name,
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
    // Kept in clear (data30: a look-up's answer is sensitive by default): these tests are about retries, and a closed line's goodbye that says it is kept for one.
    variables: [{ name: 'balanceAirtime', type: 'number', keptInClear: true }],
    nodes: [
      { id: 'start', type: 'start' },
      ...(greeting ? [{ id: 'hello', type: 'message', prompt: { fr: { text: greeting } } }] : []),
      {
        id: 'menu',
        type: 'menu',
        prompt: { fr: { text: 'Tapez 1 pour votre solde, 2 pour terminer.' } },
        maxRetries: 0,
        options: [
          { id: 'balance', key: '1', label: { fr: 'solde' } },
          { id: 'end', key: '2', label: { fr: 'terminer' } },
        ],
      },
      BALANCE_LOOKUP,
      { id: 'balance', type: 'message', prompt: { fr: { text: 'Votre crédit est de {{balanceAirtime}} francs CFA.' } } },
      { id: 'down', type: 'message', prompt: { fr: { text: 'Service indisponible.' } } },
      { id: 'bye', type: 'end', reason: 'done' },
    ],
    edges: [
      { id: 'e0', source: 'start', output: 'next', target: first },
      ...(greeting ? [{ id: 'e1', source: 'hello', output: 'next', target: 'menu' }] : []),
      { id: 'e2', source: 'menu', output: 'balance', target: 'lookup' },
      { id: 'e3', source: 'menu', output: 'end', target: 'bye' },
      { id: 'e4', source: 'menu', output: 'noInput', target: 'bye' },
      { id: 'e5', source: 'menu', output: 'noMatch', target: 'menu' },
      { id: 'e6', source: 'lookup', output: 'ok', target: 'balance' },
      { id: 'e7', source: 'lookup', output: 'notFound', target: 'down' },
      { id: 'e8', source: 'lookup', output: 'error', target: 'down' },
      { id: 'e9', source: 'lookup', output: 'timeout', target: 'down' },
      { id: 'e10', source: 'balance', output: 'next', target: 'menu' },
      { id: 'e11', source: 'down', output: 'next', target: 'menu' },
    ],
  });
}

/** `flow` in production on the voice number `line`, each step on one instance or the other (both read one store). */
export async function putOnLine(pair: TwoInstances, flow: Flow, line: string): Promise<void> {
  expect((await pair.a.admin.post('/api/flows', { document: flow })).status).toBe(201);
  const published = await pair.b.admin.post(`/api/flows/${flow.id}/publish`, { message: 'v1' });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  expect((await pair.a.admin.post(`/api/flows/${flow.id}/environments/production`, { version: 1 })).status).toBe(200);
  expect((await pair.b.admin.post('/api/bindings', { channel: 'voice', address: line, flowId: flow.id, environment: 'production' })).status).toBe(201);
}

/** A hook sent again to instance `to`, as it was (its signature within the tolerance). */
export const resend = (pair: TwoInstances, to: 'a' | 'b', hook: SentHook): Promise<HookAnswer> => sendHook(pair[to].url, hook);

export interface ListedTranscript {
  sessionKey: string;
  endReason?: string;
  turns: unknown[];
}

/** The transcripts of one call, as an admin lists them. */
export async function transcriptsOf(admin: ApiClient, callSid: string): Promise<ListedTranscript[]> {
  const listed = (await admin.get('/api/transcripts?limit=50')).body as ListedTranscript[];
  return listed.filter((t) => t.sessionKey === `voice:${callSid}`);
}
