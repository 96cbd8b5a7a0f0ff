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

/** Hands the session to agents as the flow's handoff node would, and the id of the contact the agent's queues list. */
async function handOver(record: SessionRecord, path: string[], variables: Record<string, unknown>): Promise<string | undefined> {
  const { session } = record;
  const number = session.caller.number;
  const effect = {
    type: 'handoff',
    node: 'handoff',
    queue: 'support-fr',
    priority: 999,
    reason: '',
    context: { callerNumber: number, locale: 'fr', channel: 'whatsapp', reason: '', flowId: 'selfcare-1919', flowVersion: 1, path, variables },
  } as unknown as HandoffEffect;
  await server.services.handoff.hooks.requested(record, session, effect);
  const queues = (await agent.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; callerNumber: string }> }>;
  return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === number)?.id;
}

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
    const id = await handOver(record, ['mainMenu', 'lookupSubscriber', 'lookupFailed'], {});
    const { flow } = (await agent.get(`/api/agent/contacts/${id}`)).body as { flow: { path: Array<{ id: string; label?: string; lookup?: unknown }> } };
    expect(flow.path.find((node) => node.id === 'lookupSubscriber')).toMatchObject({ label: 'Recherche du dossier abonné', lookup: { outcome: 'timeout' } });
    expect(flow.path.find((node) => node.id === 'mainMenu')?.lookup).toBeUndefined();
  });

  it('shows the agent no code under a secret-named key of a variable kept in clear, the rest of it readable', async () => {
    const key = 'whatsapp:segment-puk';
    const number = '+2290197000078';
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 600_000).toISOString();
    // `segment` is kept in clear (it names a queue); the backend answered an object there, a PUK code inside it.
    const vars = { segment: { name: 'vip', pukCode: '80417263', offers: [{ label: 'Pass', pin: '4321' }] } };
    const session = {
      v: 1,
      flowId: 'selfcare-1919',
      flowVersion: 1,
      channel: 'whatsapp',
      locale: 'fr',
      caller: { number },
      vars,
      wait: null,
      path: [],
      status: 'handoff',
      turns: 2,
    } as unknown as Session;
    const record: SessionRecord = { key, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: later };
    const id = await handOver(record, ['mainMenu'], vars);
    const opened = await agent.get(`/api/agent/contacts/${id}`);
    expect(opened.status).toBe(200);
    expect(JSON.stringify(opened.body)).not.toContain('80417263');
    expect(JSON.stringify(opened.body)).not.toContain('4321');
    expect(opened.body).toMatchObject({ contact: { context: { variables: { segment: { name: 'vip', pukCode: '•••', offers: [{ label: 'Pass', pin: '•••' }] } } } } });
    // Nor the contact as stored (backups, the inbox's other readers).
    const stored = await server.store.getHandoffContact(id as string);
    expect(stored?.context).toMatchObject({ variables: { segment: { name: 'vip', pukCode: '•••' } } });
    expect(JSON.stringify(stored)).not.toContain('80417263');
  });
});
