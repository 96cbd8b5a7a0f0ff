/**
 * Shared by the conversation, preview and caller tests (not shipped code paths): a small
 * self-care flow, a fake operator backend on loopback, a log capture, and publishing helpers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino, type Logger } from 'pino';
import { contentHash, Flow, type FlowInput } from '@griot/flows';
import { join } from 'node:path';
import type { EnvironmentName, Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { WebhookTarget } from '../webhooks/performWebhook.ts';

export const TEST_PUK = '80417263';
export const TEST_TOKEN = 'operator-test-token';

/**
 * start → language → menu → (puk) http lookup → message → end, (code) input of a sensitive
 * code → message → end, (agent) handoff → end, (talk) intent → lookup or handoff. `puk` is sensitive; `segment` is remembered.
 */
export function selfCareFlow(options: { id?: string; menuText?: string; lookupTimeoutMs?: number } = {}): Flow {
  const t = (fr: string, en: string) => ({ fr: { text: fr }, en: { text: en } });
  const input: FlowInput = {
    schemaVersion: 2,
    id: options.id ?? 'selfcare',
    name: 'Self-care',
    locales: [
      { code: 'fr', name: 'Français', tts: null, asr: null },
      { code: 'en', name: 'English', tts: null, asr: null },
    ],
    variables: [
      { name: 'puk', type: 'digits', sensitive: true },
      { name: 'pin', type: 'digits', sensitive: true },
      { name: 'segment', type: 'string', persist: true },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'language',
        type: 'language',
        prompt: t('Pour le français, tapez 1.', 'For English, press 2.'),
        options: [
          { locale: 'fr', key: '1' },
          { locale: 'en', key: '2' },
        ],
      },
      {
        id: 'menu',
        type: 'menu',
        prompt: t(options.menuText ?? 'Tapez 1 pour le PUK, 2 pour un code, 3 pour un conseiller.', 'Press 1 for PUK, 2 for a code, 3 for an agent.'),
        options: [
          { id: 'puk', key: '1', label: { fr: 'PUK', en: 'PUK' } },
          { id: 'code', key: '2', label: { fr: 'Code', en: 'Code' } },
          { id: 'agent', key: '3', label: { fr: 'Conseiller', en: 'Agent' } },
          { id: 'talk', key: '4', label: { fr: 'Dites-nous', en: 'Tell us' } },
        ],
      },
      {
        id: 'understand',
        type: 'intent',
        prompt: t('Dites-nous ce qui vous amène.', 'Tell us why you are calling.'),
        intents: [
          { id: 'puk', label: { fr: 'Code PUK', en: 'PUK code' }, examples: { fr: ['code puk', 'sim bloquée', 'puk'], en: ['puk code', 'sim locked'] } },
          { id: 'agent', label: { fr: 'Conseiller', en: 'Agent' }, examples: { fr: ['parler à un conseiller', 'conseiller'], en: ['talk to an agent'] } },
        ],
      },
      {
        id: 'lookup',
        type: 'http',
        backend: 'operator',
        url: '/subscribers/{{caller.number}}/puk',
        headers: { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' },
        timeoutMs: options.lookupTimeoutMs ?? 3000,
        retries: 0,
        responseMapping: [
          { variable: 'puk', path: '$.puk' },
          { variable: 'segment', path: '$.segment' },
        ],
        waitPrompt: t('Un instant.', 'One moment.'),
      },
      { id: 'readPuk', type: 'message', prompt: t('Votre code PUK est {{puk}}.', 'Your PUK code is {{puk}}.') },
      { id: 'askCode', type: 'input', kind: 'digits', variable: 'pin', prompt: t('Tapez votre code secret.', 'Type your secret code.') },
      { id: 'codeOk', type: 'message', prompt: t('Code {{pin}} reçu.', 'Code {{pin}} received.') },
      { id: 'handoff', type: 'handoff', queue: 'support-{{caller.locale}}', reason: 'Assistance {{segment}}', prompt: t('Un conseiller arrive.', 'An agent is coming.') },
      { id: 'bye', type: 'end', prompt: t('Au revoir.', 'Goodbye.'), reason: 'served' },
      { id: 'sorry', type: 'end', prompt: t('Service indisponible.', 'Service unavailable.'), reason: 'backendDown' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'language' },
      { id: 'e2', source: 'language', output: 'next', target: 'menu' },
      { id: 'e3', source: 'menu', output: 'puk', target: 'lookup' },
      { id: 'e4', source: 'menu', output: 'code', target: 'askCode' },
      { id: 'e5', source: 'menu', output: 'agent', target: 'handoff' },
      { id: 'e6', source: 'menu', output: 'noInput', target: 'bye' },
      { id: 'e7', source: 'menu', output: 'noMatch', target: 'bye' },
      { id: 'e8', source: 'lookup', output: 'ok', target: 'readPuk' },
      { id: 'e9', source: 'lookup', output: 'notFound', target: 'sorry' },
      { id: 'e10', source: 'lookup', output: 'error', target: 'sorry' },
      { id: 'e11', source: 'lookup', output: 'timeout', target: 'sorry' },
      { id: 'e12', source: 'readPuk', output: 'next', target: 'bye' },
      { id: 'e13', source: 'askCode', output: 'ok', target: 'codeOk' },
      { id: 'e14', source: 'askCode', output: 'noInput', target: 'bye' },
      { id: 'e15', source: 'askCode', output: 'invalid', target: 'bye' },
      { id: 'e16', source: 'codeOk', output: 'next', target: 'menu' },
      { id: 'e17', source: 'handoff', output: 'done', target: 'bye' },
      { id: 'e18', source: 'handoff', output: 'unavailable', target: 'bye' },
      { id: 'e19', source: 'handoff', output: 'callback', target: 'bye' },
      { id: 'e20', source: 'menu', output: 'talk', target: 'understand' },
      { id: 'e21', source: 'understand', output: 'puk', target: 'lookup' },
      { id: 'e22', source: 'understand', output: 'agent', target: 'handoff' },
      { id: 'e23', source: 'understand', output: 'noInput', target: 'bye' },
      { id: 'e24', source: 'understand', output: 'noMatch', target: 'bye' },
    ],
  };
  return Flow.parse(input);
}

/**
 * A conversation that counts: every message is answered, after a look-up (the operator's PUK
 * endpoint: a window in which another instance can run an event of the same conversation),
 * with "Message n°N". Two events run at once on two instances must give N = 1 and N = 2: a lost
 * turn gives 1 twice, a doubled one 3.
 */
export function counterFlow(options: { id?: string; secret?: string } = {}): Flow {
  const fr = (text: string) => ({ fr: { text } });
  return Flow.parse({
    schemaVersion: 2,
    id: options.id ?? 'counter',
    name: 'Counter',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
    variables: [
      { name: 'count', type: 'number', default: 0 },
      { name: 'said', type: 'string' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'ask', type: 'input', kind: 'text', variable: 'said', prompt: fr('Écrivez quelque chose.'), maxRetries: 5 },
      { id: 'count', type: 'set', assignments: [{ variable: 'count', expression: 'count + 1' }] },
      {
        id: 'lookup',
        type: 'http',
        backend: 'operator',
        url: '/subscribers/{{caller.number}}/puk',
        headers: { Authorization: `Bearer {{secret.${options.secret ?? 'OPERATOR_TOKEN'}}}` },
        timeoutMs: 5000,
        retries: 0,
      },
      { id: 'reply', type: 'message', prompt: fr('Message n°{{count}}.') },
      { id: 'bye', type: 'end', prompt: fr('Au revoir.'), reason: 'served' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', output: 'ok', target: 'count' },
      { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
      { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
      { id: 'e5', source: 'count', output: 'next', target: 'lookup' },
      { id: 'e6', source: 'lookup', output: 'ok', target: 'reply' },
      { id: 'e7', source: 'lookup', output: 'notFound', target: 'reply' },
      { id: 'e8', source: 'lookup', output: 'error', target: 'reply' },
      { id: 'e9', source: 'lookup', output: 'timeout', target: 'reply' },
      { id: 'e10', source: 'reply', output: 'next', target: 'ask' },
    ],
  });
}

/** Creates the flow (draft), publishes it as the next version and points environments at it. */
export async function publishFlow(store: Store, flow: Flow, environments: EnvironmentName[] = ['staging', 'production']): Promise<number> {
  const at = new Date().toISOString();
  const hash = contentHash(flow);
  if (!(await store.getFlow(flow.id))) {
    await store.createFlow({ id: flow.id, name: flow.name, createdAt: at, createdBy: 'test', updatedAt: at }, { flowId: flow.id, revision: 1, document: flow, hash, updatedAt: at, updatedBy: 'test' });
  } else {
    const draft = await store.getDraft(flow.id);
    await store.saveDraft(flow.id, draft?.revision ?? 1, flow, hash, 'test');
  }
  const version = await store.addVersion({ flowId: flow.id, hash, document: flow, author: 'test', message: 'test', createdAt: at });
  for (const name of environments) {
    const current = await store.getEnvironment(flow.id, name);
    const result = await store.setEnvironment(flow.id, name, current?.version ?? null, {
      flowId: flow.id,
      name,
      version: version.number,
      history: current ? [...current.history, current.version] : [],
      updatedAt: at,
      updatedBy: 'test',
    });
    if (!result.ok) throw new Error(`could not point ${name} at version ${version.number}`);
  }
  return version.number;
}

export interface OperatorBackend {
  url: string;
  /** Milliseconds before each answer (a slow information system). */
  delayMs: number;
  /** While set, answers wait for it too (a look-up held until the test lets it go). */
  hold: Promise<unknown> | null;
  hits: string[];
  target: WebhookTarget;
  close(): Promise<void>;
}

/** The operator's information system, on loopback: PUK and segment by number, Bearer token required. */
export async function startOperatorBackend(): Promise<OperatorBackend> {
  const app = express();
  const state = { delayMs: 0, hold: null as Promise<unknown> | null, hits: [] as string[] };
  app.get('/subscribers/:number/puk', async (req, res) => {
    state.hits.push(String(req.params.number));
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
    if (state.hold) await state.hold;
    if (req.headers.authorization !== `Bearer ${TEST_TOKEN}`) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    if (String(req.params.number) === '+2290197000404') {
      res.status(404).json({ error: 'unknown subscriber' });
      return;
    }
    res.json({ puk: TEST_PUK, segment: 'vip' });
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get hold() {
      return state.hold;
    },
    set hold(held: Promise<unknown> | null) {
      state.hold = held;
    },
    hits: state.hits,
    target: { backends: { operator: url }, secret: (name) => (name === 'OPERATOR_TOKEN' ? TEST_TOKEN : undefined), secretBackends: { OPERATOR_TOKEN: ['operator'] } },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A pino logger at debug level whose lines are kept in memory, to check what reaches logs. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** The embedded store in a test's temporary directory (a real file, so it can be reopened). */
export async function openTestStore(dir: string): Promise<Store> {
  return new SqliteStore(join(dir, 'griot.db'));
}

/** A clock tests can move. */
export function movableClock(start = new Date('2026-03-02T09:00:00.000Z')): { now: () => Date; advance: (ms: number) => void } {
  let current = start.getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

/** Store failures counted nowhere: for a test that is not about them (`ConversationServiceOptions.metrics` is required). */
export const uncountedStoreFailures = { storeFailure: (): void => {} };
