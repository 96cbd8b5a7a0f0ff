import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { callHookPayload, httpLink, SimulatedCall, startVoiceTestServer, statusPayload, type VoiceTestServer } from '@griot/connectors/voice/testing';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createServices, type AppServices } from '../src/services.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { publishFlow } from '../src/conversations/testSupport.ts';
import { twoStepIvr } from './helpers/twoStepIvr.ts';

/**
 * The answer that hangs up sends no `tag` (perf27b: no new call state, nothing reads it after).
 * What jambonz sends after it still finds the call: the final status names the contact by its
 * `call_sid`, whether its customerData is the previous answer's (a goodbye after a menu) or absent
 * altogether (a line whose first answer hangs up: no tag was ever sent), on the instance that took
 * the call or on another one on the same store (a balancer that is not sticky).
 */
const CALLER = '+2290197000001';
const SECRET = 'last-answer-webhook-secret';

/** A line closed to calls: its first answer says so and hangs up. */
const closedLine = Flow.parse({
  schemaVersion: 2,
  id: 'closed-line',
  name: 'Closed line',
  locales: [{ code: 'en', name: 'English', tts: { vendor: 'google', voice: 'en-GB-Wavenet-A', language: 'en-GB' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'closed', type: 'message', prompt: { en: { text: 'we are closed' } } },
    { id: 'end', type: 'end', reason: 'closed' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'closed' },
    { id: 'e2', source: 'closed', output: 'next', target: 'end' },
  ],
});

/** A balance line closed to calls: its first answer says the caller's balance (set as a look-up would) and hangs up. */
const closedBalanceLine = Flow.parse({
  schemaVersion: 2,
  id: 'closed-balance-line',
  name: 'Closed balance line',
  locales: [{ code: 'en', name: 'English', tts: { vendor: 'google', voice: 'en-GB-Wavenet-A', language: 'en-GB' }, asr: null }],
  variables: [{ name: 'balanceAirtime', type: 'number' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'lookup', type: 'set', assignments: [{ variable: 'balanceAirtime', expression: '1500' }] },
    { id: 'closed', type: 'message', prompt: { en: { text: 'we are closed, your balance is {{balanceAirtime}} francs' } } },
    { id: 'end', type: 'end', reason: 'closed' },
  ],
  edges: [
    { id: 'e0', source: 'start', output: 'next', target: 'lookup' },
    { id: 'e1', source: 'lookup', output: 'next', target: 'closed' },
    { id: 'e2', source: 'closed', output: 'next', target: 'end' },
  ],
});

/** Both instances' data key (a kept goodbye that said a balance is sealed with it). */
const DATA_KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

let root: string;
/** Two instances on one database: each its own store connection, engine and voice routes. */
let instances: Array<{ store: SqliteStore; services: AppServices; voice: VoiceTestServer }>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'griot-last-answer-'));
  instances = [];
  for (let i = 0; i < 2; i++) {
    const store = new SqliteStore(join(root, 'griot.db'));
    const config = loadConfig({ DATA_DIR: root, LOG_LEVEL: 'silent', NODE_ENV: 'test', GRIOT_DATA_KEY: DATA_KEY });
    const services = createServices({ config, store, logger: createLogger(config) });
    if (i === 0) {
      await publishFlow(store, twoStepIvr);
      await publishFlow(store, closedLine);
      await publishFlow(store, closedBalanceLine);
      const at = new Date().toISOString();
      await store.putBinding({ id: 'line-1919', channel: 'voice', address: '1919', flowId: twoStepIvr.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
      await store.putBinding({ id: 'line-1921', channel: 'voice', address: '1921', flowId: closedBalanceLine.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
      await store.putBinding({ id: 'line-1920', channel: 'voice', address: '1920', flowId: closedLine.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
    }
    const voice = await startVoiceTestServer({ conversations: services.conversations, bindings: store, webhookSecret: SECRET });
    instances.push({ store, services, voice });
  }
});
afterEach(async () => {
  for (const { voice, services, store } of instances) {
    await voice.close();
    await services.conversations.idle();
    await store.close();
  }
  await rm(root, { recursive: true, force: true });
});

const linkTo = (i: number) => httpLink(instances[i]!.voice.url, { secret: SECRET });

describe('the final status after an answer that hangs up without a tag', () => {
  for (const [where, to] of [
    ['the same instance', 0],
    ['another instance', 1],
  ] as const) {
    it(`a first answer that hangs up (no customerData at all): the status on ${where} is acknowledged, the contact ended once, as the flow ended it`, async () => {
      const identity = { callSid: `CA-closed-${to}`, from: CALLER, to: '1920' };
      const verbs = (await linkTo(0).newCall(callHookPayload(identity))) as Array<{ verb: string; text?: string }>;
      expect(verbs.map((v) => v.verb)).toEqual(['config', 'say', 'hangup']);
      expect(JSON.stringify(verbs)).toContain('we are closed');
      // jambonz sends what it holds: no tag was ever set, so no customerData key at all.
      const status = statusPayload(identity, {}, 'completed');
      delete status.customerData;
      expect(await linkTo(to).hook('verb:hook', '/jambonz/status', status)).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      const transcript = await instances[0]!.store.getTranscript(`voice:${identity.callSid}`);
      expect(transcript?.endReason).toBe('closed');
      // Sent again (jambonz's retry of the status webhook): acknowledged, nothing changes.
      expect(await linkTo(1 - to).hook('verb:hook', '/jambonz/status', status)).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      expect((await instances[0]!.store.getTranscript(`voice:${identity.callSid}`))?.endReason).toBe('closed');
    }, 20_000);

    it(`a goodbye after the menu (the previous answer's customerData): the status on ${where} is acknowledged, the contact ended as the flow ended it`, async () => {
      const identity = { callSid: `CA-goodbye-${to}`, from: CALLER, to: '1919' };
      const call = new SimulatedCall(linkTo(0), identity);
      await call.start();
      const menuState = JSON.stringify(call.customerData);
      await call.press('2');
      expect(call.waitingOn?.verb).toBe('hangup');
      expect(call.heard.join(' ')).toContain('goodbye');
      // No tag with the goodbye: jambonz still holds the menu's state, and sends it with the status.
      expect(JSON.stringify(call.customerData)).toBe(menuState);
      expect(await linkTo(to).hook('verb:hook', '/jambonz/status', statusPayload(identity, call.customerData, 'completed'))).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      expect((await instances[0]!.store.getTranscript(`voice:${identity.callSid}`))?.endReason).toBe('goodbye');
    }, 20_000);

    it(`a first answer that says the balance and hangs up: kept for jambonz's retry sealed, not in clear, and gone from the store once the final status reached ${where}`, async () => {
      const identity = { callSid: `CA-closed-balance-${to}`, from: CALLER, to: '1921' };
      const key = `voice:${identity.callSid}`;
      const verbs = (await linkTo(0).newCall(callHookPayload(identity))) as Array<{ verb: string; text?: string }>;
      expect(verbs.map((v) => v.verb)).toEqual(['config', 'say', 'hangup']);
      expect(JSON.stringify(verbs)).toContain('your balance is 1500 francs');
      const now = () => new Date().toISOString();
      // While the call lives, its goodbye is kept for a retry of the call hook: sealed, the balance not in the row.
      const live = await instances[0]!.store.getSession(key, now());
      expect(live?.answer?.ends).toBe(true);
      expect(live?.answer?.sealed).toHaveProperty('alg', 'A256GCM');
      expect(JSON.stringify(live?.answer)).not.toContain('1500');
      const status = statusPayload(identity, {}, 'completed');
      delete status.customerData;
      expect(await linkTo(to).hook('verb:hook', '/jambonz/status', status)).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      // The call is over, no retry can come: the goodbye is no longer at rest, the contact ended as the flow ended it.
      const after = await instances[0]!.store.getSession(key, now());
      expect(after?.session.status).toBe('ended');
      expect(after).not.toHaveProperty('answer');
      expect((await instances[0]!.store.getTranscript(key))?.endReason).toBe('closed');
    }, 20_000);

    it(`a final status that reached ${where} before the first turn was saved (nothing to drop yet): the goodbye that turn says is not kept until the purge`, async () => {
      const identity = { callSid: `CA-status-first-${to}`, from: CALLER, to: '1921' };
      const key = `voice:${identity.callSid}`;
      const status = statusPayload(identity, {}, 'completed');
      delete status.customerData;
      // The status first: the instance that took the call hook has not saved its first turn yet.
      expect(await linkTo(to).hook('verb:hook', '/jambonz/status', status)).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      expect(await instances[0]!.store.getSession(key, new Date().toISOString())).toBeNull();
      const verbs = (await linkTo(0).newCall(callHookPayload(identity))) as Array<{ verb: string; text?: string }>;
      expect(JSON.stringify(verbs)).toContain('your balance is 1500 francs');
      for (const { services } of instances) await services.conversations.idle();
      const after = await instances[0]!.store.getSession(key, new Date().toISOString());
      expect(after?.session.status).toBe('ended');
      expect(after).not.toHaveProperty('answer');
      // The status after it, as in the other order: nothing left to drop, acknowledged.
      expect(await linkTo(1 - to).hook('verb:hook', '/jambonz/status', status)).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      expect((await instances[0]!.store.getTranscript(key))?.endReason).toBe('closed');
    }, 20_000);

    it(`a closed line's static goodbye, kept in clear for the retry, is dropped too by the final status on ${where}`, async () => {
      const identity = { callSid: `CA-closed-dropped-${to}`, from: CALLER, to: '1920' };
      const key = `voice:${identity.callSid}`;
      await linkTo(0).newCall(callHookPayload(identity));
      expect((await instances[0]!.store.getSession(key, new Date().toISOString()))?.answer?.sealed).toHaveProperty('clear');
      expect(await linkTo(to).hook('verb:hook', '/jambonz/status', statusPayload(identity, {}, 'completed'))).toEqual([]);
      for (const { services } of instances) await services.conversations.idle();
      expect(await instances[0]!.store.getSession(key, new Date().toISOString())).not.toHaveProperty('answer');
    }, 20_000);
  }
});
