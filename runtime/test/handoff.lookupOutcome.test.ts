import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffEffect, Session } from '@griot/flows';
import type { SessionRecord } from '../src/store/types.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * A caller whose subscriber look-up timed out before they asked for an agent: the contact the
 * agent opens names the look-up on the path with its outcome (from the transcript, which keeps
 * the outcome and the status, never the answer's body).
 */
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  agent = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(async () => {
  await server.stop();
});

describe('the path of a handed-over contact', () => {
  it('carries how the look-up went: timed out, with no value of the answer', async () => {
    const key = 'whatsapp:lookup-timeout';
    const number = '+2290197000077';
    const at = (ms: number) => new Date(Date.now() - 10_000 + ms).toISOString();
    const session = {
      v: 1,
      flowId: 'selfcare-1919',
      flowVersion: 1,
      channel: 'whatsapp',
      locale: 'fr',
      caller: { number },
      vars: {},
      wait: null,
      path: [],
      status: 'handoff',
      turns: 3,
    } as unknown as Session;
    const record: SessionRecord = { key, session, bindingId: null, environment: 'production', preview: false, createdAt: at(0), updatedAt: at(0), expiresAt: at(600_000) };
    const turn = (ms: number, input: Record<string, unknown>, nodes: string[], effects: string[]) => ({ at: at(ms), input, prompts: [], nodes, effects, durationMs: 1 }) as never;
    await server.store.saveTurn({
      session: record,
      turn: turn(1, { type: 'start' }, ['start', 'mainMenu', 'checkSubscriber', 'lookupSubscriber'], ['say', 'webhook']),
      newTranscript: { sessionKey: key, flowId: 'selfcare-1919', flowVersion: 1, channel: 'whatsapp', callerNumber: number, preview: false, startedAt: at(0) },
    });
    await server.store.saveTurn({ session: record, turn: turn(2, { type: 'webhook', outcome: 'timeout' }, ['lookupSubscriber', 'lookupFailed'], ['say']) });
    const effect = {
      type: 'handoff',
      node: 'handoff',
      queue: 'support-fr',
      priority: 999,
      reason: '',
      context: { callerNumber: number, locale: 'fr', channel: 'whatsapp', reason: '', flowId: 'selfcare-1919', flowVersion: 1, path: ['mainMenu', 'lookupSubscriber', 'lookupFailed'], variables: {} },
    } as unknown as HandoffEffect;
    await server.services.handoff.hooks.requested(record, session, effect);
    const queues = (await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; callerNumber: string }> }>;
    const id = queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === number)?.id;
    const { flow } = (await agent.get(`/api/agent/contacts/${id}`)).body as { flow: { path: Array<{ id: string; label?: string; lookup?: unknown }> } };
    expect(flow.path.find((node) => node.id === 'lookupSubscriber')).toMatchObject({ label: 'Recherche du dossier abonné', lookup: { outcome: 'timeout' } });
    expect(flow.path.find((node) => node.id === 'mainMenu')?.lookup).toBeUndefined();
  });
});
