import { contentHash, type Channel } from '@griot/flows';
import type {
  ApiToken,
  AuditEntry,
  Binding,
  CallerProfile,
  Draft,
  EnvironmentName,
  EnvironmentPointer,
  FlowRecord,
  FlowVersion,
  LoginSession,
  SessionRecord,
  Store,
  Transcript,
  TranscriptTurn,
  User,
} from '../types.ts';
import { testFlow } from '../testFlow.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records for the store contract: realistic enough to catch lost fields, at instants relative to
 * the start of the run. T0 is 08:00 UTC two days ahead: every expiry a test stores (sessions,
 * login sessions, throttle windows, continuations) lies in the future, so MongoDB's TTL monitor,
 * which removes documents whose date has passed about once a minute, never races a test (dates
 * in the past made the MongoDB suite fail now and then).
 */
export const T0 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 2 * DAY_MS + 8 * 60 * 60 * 1000).toISOString();
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export function flowRecord(id: string): FlowRecord {
  return { id, name: `Flow ${id}`, createdAt: T0, createdBy: 'alice', updatedAt: T0 };
}

export function draft(flowId: string): Draft {
  const document = testFlow(flowId, `Flow ${flowId}`);
  return { flowId, revision: 1, document, hash: contentHash(document), updatedAt: T0, updatedBy: 'alice' };
}

/** Creates a flow with its first draft. */
export async function createFlow(store: Store, id: string): Promise<void> {
  const created = await store.createFlow(flowRecord(id), draft(id));
  if (!created.ok) throw new Error(`flow ${id} exists`);
}

export function version(flowId: string, message: string): Omit<FlowVersion, 'number'> {
  const document = testFlow(flowId, message);
  return { flowId, hash: contentHash(document), document, author: 'bob', message, createdAt: at(5) };
}

export function pointer(flowId: string, name: EnvironmentName, version: number, history: number[] = []): EnvironmentPointer {
  return { flowId, name, version, history, updatedAt: at(10), updatedBy: 'carol' };
}

export function binding(id: string, flowId: string, channel: Channel = 'voice', address = '+22990000001'): Binding {
  return {
    id,
    channel,
    address,
    flowId,
    environment: 'production',
    testers: [{ number: '+2290197000001', version: 2, locale: 'fr' }],
    settings: { vendor: 'twilio', inactivityMinutes: 15, nested: { handoff: ['queue', 1, true, null] } },
    createdAt: T0,
    updatedAt: T0,
  };
}

export function session(key: string, expiresAt: string, turns = 1): SessionRecord {
  return {
    key,
    session: {
      v: 1,
      flowId: 'hello',
      flowVersion: 3,
      channel: 'voice',
      locale: 'fr',
      caller: { number: '+2290197000001', knownLocale: 'fr' },
      vars: { segment: 'gold', balance: 1250.5, tags: ['a', 'b'], profile: { vip: true, note: null } },
      wait: { node: 'menu', noInput: 0, noMatch: 1, for: 'caller' },
      path: ['start', 'menu'],
      status: 'active',
      turns,
    },
    bindingId: 'b1',
    environment: 'production',
    preview: false,
    createdAt: T0,
    updatedAt: T0,
    expiresAt,
  };
}

export function caller(number: string, updatedAt = T0): CallerProfile {
  return {
    number,
    preferredLocale: 'fr',
    lastChannel: 'whatsapp',
    contacts: [{ at: T0, channel: 'whatsapp', reason: 'balance', outcome: 'agent', agent: 'Awa' }],
    variables: { segment: 'gold' },
    consent: { given: true, at: T0 },
    createdAt: T0,
    updatedAt,
  };
}

export function transcript(sessionKey: string, callerNumber: string, startedAt: string, flowId = 'hello'): Transcript {
  return { sessionKey, flowId, flowVersion: 3, channel: 'voice', callerNumber, preview: false, startedAt, turns: [] };
}

export function turn(n: number): TranscriptTurn {
  return { at: at(n), input: { type: 'digits', digits: '***' }, prompts: [`prompt ${n}`], nodes: ['menu'], effects: ['say', 'ask'], durationMs: n };
}

export function auditEntry(id: string, minutes: number, target = 'flow:hello'): AuditEntry {
  return { id, at: at(minutes), actor: 'alice', action: 'draft.save', target, hashBefore: 'h0', hashAfter: 'h1', details: { revision: minutes } };
}

export function user(id: string, username: string): User {
  return { id, username, displayName: username.toUpperCase(), passwordHash: '$argon2id$v=19$fake', roles: ['editor', 'tester'], createdAt: T0, disabled: false };
}

export function token(id: string, userId: string, tokenHash: string): ApiToken {
  return { id, userId, name: 'ci', tokenHash, createdAt: T0 };
}

export function loginSession(id: string, userId: string, expiresAt: string): LoginSession {
  return { id, userId, createdAt: T0, expiresAt };
}
