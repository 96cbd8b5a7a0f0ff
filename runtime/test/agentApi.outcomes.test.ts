import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffEffect, Session } from '@griot/flows';
import type { SessionRecord } from '../src/store/types.ts';
import { ContactWithMessagesSchema } from '../src/api/schemas/agentSchemas.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What an agent reads and records about a contact, on the 1919 demo: the context names the
 * nodes the caller went through as the flow's version calls them (not their ids), and a contact
 * closes with one of the fixed outcomes only, while outcomes typed before the list stay readable.
 */
let server: TestServer;
let awa: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  awa = await userWithRoles(server, 'awa', ['agent']);
});
afterAll(() => server.stop());

/** A voice call handed over by the engine's hook, as the 1919 flow's handoff node does it; its contact id. */
async function handoff(context: Partial<HandoffEffect['context']> = {}, number = `+22901970001${String(++calls).padStart(2, '0')}`): Promise<string> {
  const session = { v: 1, flowId: 'selfcare-1919', flowVersion: 1, channel: 'voice', locale: 'fr', caller: { number }, vars: {}, wait: null, path: [], status: 'handoff', turns: 4 } as Session;
  const now = new Date().toISOString();
  const record: SessionRecord = { key: `voice:CA-outcomes-${number}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
  const effect: HandoffEffect = {
    type: 'handoff',
    node: 'handoff',
    queue: 'support-fr',
    priority: 999,
    reason: 'Code PUK',
    context: {
      callerNumber: number,
      locale: 'fr',
      channel: 'voice',
      reason: 'Code PUK',
      flowId: 'selfcare-1919',
      flowVersion: 1,
      path: ['language', 'mainMenu', 'handoff'],
      variables: {},
      ...context,
    },
  };
  await server.services.handoff.hooks.requested(record, session, effect);
  const contacts = (await server.store.listHandoffContacts({ statuses: ['waiting'] })).filter((c) => c.callerNumber === number);
  return contacts[0]!.id;
}

describe('the flow a contact came through', () => {
  it('names the flow and each node of the path from the version the session ran', async () => {
    const id = await handoff();
    const answer = await awa.get(`/api/agent/contacts/${id}`);
    expect(answer.status).toBe(200);
    expect(ContactWithMessagesSchema.parse(answer.body)).toEqual(answer.body);
    expect(answer.body.flow).toEqual({
      id: 'selfcare-1919',
      version: 1,
      name: '1919 — Service client Griot Telecom',
      path: [
        { id: 'language', type: 'language', label: 'Choix de la langue' },
        { id: 'mainMenu', type: 'menu', label: 'Menu principal' },
        { id: 'handoff', type: 'handoff', label: 'Conseiller' },
      ],
    });
  });

  it('describes the context’s variables in the flow’s words, so agents read no internal names', async () => {
    const id = await handoff({ variables: { subscriberFound: false, segment: 'vip', undeclared: 1 } });
    const flow = (await awa.get(`/api/agent/contacts/${id}`)).body.flow;
    expect(flow.variables).toEqual({
      subscriberFound: "Résultat de la recherche du dossier (absent tant qu'elle n'a pas abouti).",
      segment: expect.stringMatching(/^Segment commercial fourni par l'opérateur/),
    });
  });

  it('keeps the ids of nodes the version does not have, and of a version that is gone', async () => {
    const id = await handoff({ path: ['mainMenu', 'renamedSince'] });
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.flow.path).toEqual([{ id: 'mainMenu', type: 'menu', label: 'Menu principal' }, { id: 'renamedSince' }]);
    const gone = await handoff({ flowVersion: 99 });
    expect((await awa.get(`/api/agent/contacts/${gone}`)).body.flow).toEqual({ id: 'selfcare-1919', version: 99, path: [{ id: 'language' }, { id: 'mainMenu' }, { id: 'handoff' }] });
  });
});

describe('closing outcomes', () => {
  it('refuses an outcome that is not in the list, naming the field, and closes nothing', async () => {
    const id = await handoff();
    const refused = await awa.post(`/api/agent/contacts/${id}/close`, { outcome: 'code PUK donné' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_body', field: 'outcome' });
    expect((await awa.post(`/api/agent/contacts/${id}/close`, { outcome: 'résolu' })).status).toBe(400);
    expect((await server.store.getHandoffContact(id))?.status).toBe('waiting');
  });

  it('records a listed outcome as its code', async () => {
    const id = await handoff();
    const closed = await awa.post(`/api/agent/contacts/${id}/close`, { outcome: 'wrong_number' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'wrong_number', agent: 'awa' });
  });

  it('still shows an outcome typed before the list, in the history of the caller’s next contact', async () => {
    const number = '+2290197000199';
    await server.store.putCaller({
      number,
      contacts: [{ at: '2026-10-05T09:30:00.000Z', channel: 'voice', reason: 'Code PUK', outcome: 'code PUK donné', agent: 'kofi' }],
      variables: {},
      createdAt: '2026-10-05T09:00:00.000Z',
      updatedAt: '2026-10-05T09:30:00.000Z',
    });
    const id = await handoff({ callerNumber: number }, number);
    const { contact } = (await awa.get(`/api/agent/contacts/${id}`)).body;
    expect(contact.history).toEqual([expect.objectContaining({ reason: 'Code PUK', outcome: 'code PUK donné', agent: 'kofi' })]);
  });
});
