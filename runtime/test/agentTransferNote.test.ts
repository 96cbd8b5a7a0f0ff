import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';
import { handoffContact } from '../src/store/contract/handoffContract.ts';
import { MAX_TRANSFER_NOTES } from '../src/handoff/AgentDesk.ts';

/**
 * An agent transfers a contact to another queue with a note for the next agent (daily21): on the
 * 1919 demo over real HTTP, the agent who takes it in the other queue reads what was already
 * checked, who wrote it and from which queue; a PUK code pasted in it is masked before it is
 * stored; the audit log says a note went with the transfer, not its words. On main the transfer
 * took a queue and nothing else: the next agent started from scratch.
 */
const SECRET = 'jambonz-transfer-note-secret';
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
}, 60_000);
afterAll(() => server.stop());

describe('a transfer with a note', () => {
  it('gives the next agent the note, masked, and the audit log only that there was one', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-transfer-note', from: '+2290197000021', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    const find = async () => {
      const queues = (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
      return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === '+2290197000021' && c.status === 'waiting')?.id;
    };
    await expect.poll(find).toBeDefined();
    const id = (await find())!;
    expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);

    const moved = await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', note: '  Forfait actif, PUK 12345678 déjà donné : souci de réseau.  ' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'waiting', queue: 'support-en' });

    const read = (await kofi.get(`/api/agent/contacts/${id}`)).body.contact;
    expect(read.notes).toEqual([{ at: expect.any(String), agent: 'awa', fromQueue: 'support-fr', toQueue: 'support-en', text: 'Forfait actif, PUK ••• déjà donné : souci de réseau.' }]);
    expect(JSON.stringify(await server.store.getHandoffContact(id))).not.toContain('12345678');

    // A second transfer adds its note after the first; one without a note adds nothing.
    expect((await kofi.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    expect((await kofi.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr', note: 'Retour en français : le client préfère.' })).status).toBe(200);
    expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    expect((await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', note: '   ' })).status).toBe(200);
    const notes = (await kofi.get(`/api/agent/contacts/${id}`)).body.contact.notes as Array<{ agent: string; text: string }>;
    expect(notes.map((n) => [n.agent, n.text])).toEqual([
      ['awa', 'Forfait actif, PUK ••• déjà donné : souci de réseau.'],
      ['kofi', 'Retour en français : le client préfère.'],
    ]);

    const audit = JSON.stringify((await server.store.listAudit({ action: 'contact.transfer', limit: 50 })) ?? []);
    expect(audit).toContain('"withNote":true');
    expect(audit).not.toContain('souci de réseau');
    await call.hangup();
  });

  it('keeps the latest notes of a contact transferred again and again, not every one (a contact stays small for every agent who lists it)', async () => {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await server.store.putHandoffContact(handoffContact(id, 999, now, { sessionKey: `voice:${id}`, callerNumber: '+2290197000022' }));
    const total = MAX_TRANSFER_NOTES + 5;
    for (let n = 1; n <= total; n += 1) {
      expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
      const to = n % 2 === 0 ? 'support-fr' : 'support-en';
      expect((await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: to, note: `Essai ${n} : ${'vérifié, '.repeat(80)}` })).status).toBe(200);
    }
    const notes = (await kofi.get(`/api/agent/contacts/${id}`)).body.contact.notes as Array<{ text: string }>;
    expect(notes).toHaveLength(MAX_TRANSFER_NOTES);
    expect(notes[0]!.text).toMatch(/^Essai 6 : /);
    expect(notes.at(-1)!.text).toMatch(new RegExp(`^Essai ${total} : `));
  });

  it('refuses a note past 1000 characters with a clear 400', async () => {
    const answer = await awa.post('/api/agent/contacts/00000000-0000-4000-8000-000000000000/transfer', { queue: 'support-en', note: 'x'.repeat(1001) });
    expect(answer.status).toBe(400);
  });
});
