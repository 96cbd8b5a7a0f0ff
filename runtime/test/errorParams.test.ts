import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * Error answers carry their code and the values their message is made of (`error.params`), so
 * that the designer says them in its user's language instead of showing the English message.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
});
afterAll(() => server.stop());

describe('error answers carry what the message says', () => {
  it('a missing role: the roles needed, who asked and what they hold', async () => {
    const agent = await userWithRoles(server, 'agent1', ['agent']);
    const answer = await agent.get('/api/flows');
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'forbidden',
      message: 'this needs the role viewer; agent1 has agent',
      params: { required: ['viewer'], username: 'agent1', roles: ['agent'] },
    });
  });

  it('an unchanged draft: the version it is the same as', async () => {
    const answer = await server.admin.post('/api/flows/selfcare-1919/publish', { message: 'rien' });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'no_changes', flowId: 'selfcare-1919', params: { version: 1 } });
  });

  it('a rollback with nothing before: the only version production ran', async () => {
    const answer = await server.admin.post('/api/flows/selfcare-1919/environments/production/rollback');
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'no_previous_version', params: { version: 1 } });
  });

  it('a contact someone else took: their name and its status', async () => {
    const awa = await userWithRoles(server, 'awa', ['agent']);
    const kofi = await userWithRoles(server, 'kofi', ['agent']);
    const session = {
      v: 1,
      flowId: 'selfcare-1919',
      flowVersion: 1,
      channel: 'voice',
      locale: 'fr',
      caller: { number: '+2290197000301' },
      vars: {},
      wait: null,
      path: [],
      status: 'handoff',
      turns: 1,
    };
    const now = new Date().toISOString();
    await server.services.handoff.hooks.requested(
      { key: 'voice:CA-params', session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now } as never,
      session as never,
      { type: 'handoff', node: 'handoff', queue: 'support-fr', priority: 999, reason: 'r', context: { callerNumber: '+2290197000301' } } as never,
    );
    const [contact] = await server.store.listHandoffContacts({ statuses: ['waiting'] });
    expect((await kofi.post(`/api/agent/contacts/${contact!.id}/take`)).status).toBe(200);
    const taken = await awa.post(`/api/agent/contacts/${contact!.id}/take`);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'contact_not_waiting', params: { status: 'assigned', agent: 'kofi' } }, status: 'assigned' });
    const close = await awa.post(`/api/agent/contacts/${contact!.id}/close`, { outcome: 'resolved' });
    expect(close.body.error).toMatchObject({ code: 'contact_not_yours', params: { agent: 'kofi' } });
  });

  it('a token revoked by someone else than its owner: a code of its own', async () => {
    const owner = await userWithRoles(server, 'owner', ['viewer']);
    const other = await userWithRoles(server, 'other', ['viewer']);
    const created = await owner.post('/api/tokens', { name: 'ci' });
    const refused = await other.delete(`/api/tokens/${created.body.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('token_not_yours');
  });
});
