import { describe, expect, it } from 'vitest';
import { createSession, Flow, type Session } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { CallerMemory } from '../callers/CallerMemory.ts';
import type { SessionRecord } from '../store/types.ts';
import { SessionVault } from './SessionVault.ts';
import { sensitiveValuesOf } from './holdsSensitiveValue.ts';

/**
 * The CRM's whole answer (`$`) in `customer`, sensitive by default (a look-up's answer), and beside it
 * `$.offer` in `offer`, which the author keeps in clear (routing, analytics) and the caller's profile remembers.
 */
const flow = Flow.parse({
  schemaVersion: 2,
  id: 'crm',
  name: 'CRM',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [
    { name: 'customer', type: 'json' },
    { name: 'offer', type: 'string', keptInClear: true, persist: true },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'fetch',
      type: 'http',
      url: 'https://crm.example/accounts/{{caller.number}}',
      responseMapping: [
        { variable: 'customer', path: '$' },
        { variable: 'offer', path: '$.offer' },
      ],
    },
    { id: 'end', type: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'fetch' },
    { id: 'e2', source: 'fetch', output: 'ok', target: 'end' },
    { id: 'e3', source: 'fetch', output: 'notFound', target: 'end' },
    { id: 'e4', source: 'fetch', output: 'error', target: 'end' },
    { id: 'e5', source: 'fetch', output: 'timeout', target: 'end' },
  ],
});
const answer = { owner: 'Adjoa Mensah', account: '229970412', offer: 'premium' };

function session(status: Session['status']): Session {
  const started = createSession(flow, { channel: 'voice', caller: { number: '+2290197000004' }, flowVersion: 1 });
  return { ...started, status, vars: { ...started.vars, customer: answer, offer: 'premium' } };
}
const record = (status: Session['status']): SessionRecord =>
  ({ key: 'voice:CA9', session: session(status), bindingId: 'b1', environment: 'production', preview: false, createdAt: 'c', updatedAt: 'u', expiresAt: 'e' }) as SessionRecord;

describe("a part of a look-up's answer kept in clear beside the whole answer (sensitive by default)", () => {
  it('stays a plain variable of the live and the ended session; the whole answer is sealed, then dropped', () => {
    const { logger, lines } = captureLogs();
    const vault = new SessionVault(undefined, logger);
    const live = vault.seal(flow, record('active'));
    expect(live.session.vars).toMatchObject({ offer: 'premium' });
    expect(live.sensitive).toEqual({ clear: { customer: answer } });
    const ended = vault.seal(flow, record('ended'));
    expect(ended.session.vars).toMatchObject({ offer: 'premium' });
    expect(ended.session.vars).not.toHaveProperty('customer');
    expect(lines.join('')).not.toContain('sensitiveCopyDropped');
  });

  it("is remembered in the caller's profile and is no sensitive value to mask or keep from agents; the rest of the answer is", () => {
    const { logger, lines } = captureLogs();
    const memory = new CallerMemory(new SqliteStore(':memory:'), logger);
    const before = createSession(flow, { channel: 'voice', caller: { number: '+2290197000004' }, flowVersion: 1 });
    expect(memory.changesOf(flow, before, session('active'), undefined)).toEqual({ variables: { offer: 'premium' } });
    expect(lines).toEqual([]);
    expect(sensitiveValuesOf(flow, [session('active')]).sort()).toEqual(['229970412', 'Adjoa Mensah']);
  });
});
