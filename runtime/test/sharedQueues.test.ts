import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { testFlow } from './fixtures/testFlow.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** A flow whose « conseiller » option hands over to `queue` (in French, and in English when asked). */
function lineTo(id: string, name: string, queue: string, english = false): FlowInput {
  const flow = testFlow({ id, name, withTests: false });
  return {
    ...flow,
    locales: english ? [...flow.locales, { code: 'en', name: 'English', tts: { vendor: 'google' }, asr: null }] : flow.locales,
    nodes: flow.nodes.map((node) => (node.id === 'agent' ? { id: 'agent', type: 'handoff', queue } : node)),
  } as FlowInput;
}

/**
 * A second line made from the « Service client » template hands over to `support-{{caller.locale}}`,
 * the first line's queues: the designer is told which flows' callers the same agents receive.
 */
describe('queues a flow shares with other flows', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (const flow of [
      lineTo('line-1919', '1919 — Service client', 'support-{{caller.locale}}', true),
      lineTo('line-2', 'Ligne 2 — Service client', 'support-{{caller.locale}}'),
      lineTo('sales', 'Ventes', 'ventes'),
    ])
      expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('names the other flows handing over to the same queue, a template spelled out with each flow’s languages', async () => {
    const answer = await server.admin.get('/api/flows/line-2/shared-queues');
    expect(answer.status).toBe(200);
    expect(answer.body.shared).toEqual([{ nodeId: 'agent', queue: 'support-fr', flows: [{ id: 'line-1919', name: '1919 — Service client' }] }]);
    // 1919 speaks English too: its support-en is its own.
    const first = await server.admin.get('/api/flows/line-1919/shared-queues');
    expect(first.body.shared).toEqual([{ nodeId: 'agent', queue: 'support-fr', flows: [{ id: 'line-2', name: 'Ligne 2 — Service client' }] }]);
    expect((await server.admin.get('/api/flows/sales/shared-queues')).body.shared).toEqual([]);
  });

  it('is read by whoever sees the flow list, and not without signing in', async () => {
    const viewer = await userWithRoles(server, 'lecteur', ['viewer']);
    expect((await viewer.get('/api/flows/line-2/shared-queues')).status).toBe(200);
    expect((await server.anonymous.get('/api/flows/line-2/shared-queues')).status).toBe(401);
    expect((await server.admin.get('/api/flows/nowhere/shared-queues')).status).toBe(404);
  });
});
