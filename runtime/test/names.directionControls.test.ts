import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, parseFlow, type FlowInput } from '@griot/flows';
import { fonWelcomeFlow } from './fixtures/fonWelcomeFlow.ts';
import { callback, handoffContact } from '../src/store/contract/handoffContract.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiAnswer, ApiClient } from './helpers/http.ts';

/** « \u202Efdp.exe »: the override U+202E shows it as « exe.pdf » in every list. */
const TROJAN = 'Facturation \u202Efdp.exe';
/** Each character that shows a name as another: the embeddings and overrides, the isolates, the marks. */
const DIRECTION_CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
/** Written as people write them: Persian with its non-joiner, Devanagari with its joiner, Arabic. */
const SCRIPTS = ['می\u200Cخواهم', 'क्\u200Dष', 'خدمة العملاء'];
const SETTINGS = { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };

const flow = (id: string, name: string): FlowInput => ({ ...fonWelcomeFlow(id, 'fon/welcome.wav'), name });

let server: TestServer;
let editor: ApiClient;
let supervisor: ApiClient;

/** The 400 a user reads as « le nom … contient un caractère qui inverse le sens du texte ». */
function expectRefused(answer: ApiAnswer, field: string, character = 'U+202E'): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body.error).toMatchObject({ code: 'name_direction_control', field, params: { field, character } });
}

beforeAll(async () => {
  server = await startTestServer();
  editor = await userWithRoles(server, 'edna', ['editor']);
  supervisor = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(() => server.stop());

describe('names others read in a list, with a character that shows them as another', () => {
  it('refuses each such character in a new flow’s name (« Créer »), and lets the joiners scripts spell with through', async () => {
    for (const [i, control] of DIRECTION_CONTROLS.entries()) {
      const character = `U+${control.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      expectRefused(await editor.post('/api/flows', { document: flow(`trojan-${i}`, `Accueil ${control}fdp.exe`) }), 'document.name', character);
    }
    for (const [i, name] of SCRIPTS.entries()) expect((await editor.post('/api/flows', { document: flow(`script-${i}`, name) })).status).toBe(201);
    const listed = ((await editor.get('/api/flows')).body as Array<{ id: string; name: string }>).map((f) => f.id);
    expect(listed.filter((id) => id.startsWith('trojan-'))).toEqual([]);
  });

  it('refuses it in a draft’s new name, an import, a copy and a version’s label; a flow named so before keeps saving and copies under a new name', async () => {
    expect((await editor.post('/api/flows', { document: flow('billing', 'Facturation') })).status).toBe(201);
    const draft = (await editor.get('/api/flows/billing/draft')).body;
    expectRefused(await editor.put('/api/flows/billing/draft', { revision: draft.revision, document: flow('billing', TROJAN) }), 'document.name');

    const exported = (await editor.get('/api/flows/billing/export')).body;
    const renamed = { ...exported, flow: { ...exported.flow, id: 'billing-2' }, draft: { ...exported.draft, flowId: 'billing-2', document: flow('billing-2', TROJAN) } };
    expectRefused(await editor.post('/api/flows/import', renamed), 'draft.document.name');
    expect((await editor.get('/api/flows/billing-2')).status).toBe(404);

    expectRefused(await editor.post('/api/flows/billing/duplicate', { name: TROJAN }), 'name');
    expect((await server.admin.post('/api/flows/billing/publish', { message: 'first' })).status).toBe(201);
    expectRefused(await editor.put('/api/flows/billing/versions/1/label', { label: TROJAN }), 'label');
    expect((await editor.put('/api/flows/billing/versions/1/label', { label: 'Tabaski 2026' })).status).toBe(200);

    // Named before Griot refused such names: no migration rewrites it, and it goes on being edited.
    const stored = flow('billing', TROJAN);
    const parsed = parseFlow(stored);
    if (!parsed.ok) throw new Error('the fixture is not a flow');
    const current = await server.store.getDraft('billing');
    const planted = await server.store.saveDraft('billing', current!.revision, parsed.flow, contentHash(parsed.flow), 'edna', new Date().toISOString());
    expect(planted.ok).toBe(true);
    const again = (await editor.get('/api/flows/billing/draft')).body;
    expect(again.document.name).toBe(TROJAN);
    const edited = { ...stored, nodes: stored.nodes.map((n) => (n.id === 'welcome' ? { ...n, prompt: { fon: { audio: 'fon/welcome.wav' }, fr: { text: 'Bonjour.' } } } : n)) };
    expect((await editor.put('/api/flows/billing/draft', { revision: again.revision, document: edited })).status).toBe(200);
    // Its copy, named by default, takes the name without the character (shown as written, « Facturation fdp.exe (copy) »);
    // one given with it is refused.
    expectRefused(await editor.post('/api/flows/billing/duplicate', { name: `${TROJAN} (copie)` }), 'name');
    const copied = await editor.post('/api/flows/billing/duplicate', {});
    expect(copied.status, JSON.stringify(copied.body)).toBe(201);
    expect(copied.body.flow.name).toBe('Facturation fdp.exe (copy)');
    expect((await editor.get(`/api/flows/${copied.body.flow.id}/draft`)).body.document.name).toBe('Facturation fdp.exe (copy)');
    expect((await editor.post('/api/flows/billing/duplicate', { name: 'Facturation (copie)' })).status).toBe(201);
  });

  it('refuses it in a queue’s display name, a canned reply’s title and a user’s display name; one stored before is kept through other changes', async () => {
    expectRefused(await supervisor.put('/api/agent/queues/billing/settings', { ...SETTINGS, displayName: TROJAN }), 'displayName');
    expect((await supervisor.put('/api/agent/queues/billing/settings', { ...SETTINGS, displayName: SCRIPTS[2] })).status).toBe(200);

    expectRefused(await supervisor.post('/api/agent/canned-replies', { title: TROJAN, texts: { fr: 'Bonjour' } }), 'title');
    const reply = await supervisor.post('/api/agent/canned-replies', { title: 'Salutation', texts: { fr: 'Bonjour' } });
    expect(reply.status).toBe(201);
    expectRefused(await supervisor.put(`/api/agent/canned-replies/${reply.body.id}`, { title: TROJAN, texts: { fr: 'Bonjour' } }), 'title');

    expectRefused(await server.admin.post('/api/users', { username: 'mallory', displayName: TROJAN, roles: ['agent'] }), 'displayName');
    const user = await server.admin.post('/api/users', { username: 'mariam', displayName: 'Mariam', roles: ['agent'] });
    expect(user.status).toBe(201);
    expectRefused(await server.admin.patch(`/api/users/${user.body.id}`, { displayName: TROJAN }), 'displayName');
    expectRefused(await server.admin.patch(`/api/users/${user.body.id}`, { queues: ['billing', TROJAN] }), 'queues.1');
    expectRefused(await server.admin.post('/api/users', { username: 'mallory', displayName: 'Mallory', roles: ['agent'], queues: [TROJAN] }), 'queues.0');
    // Stored before: the users page sends it back unchanged with a new role, and that passes.
    await server.store.patchUser(user.body.id, { displayName: TROJAN, queues: [TROJAN] });
    const promoted = await server.admin.patch(`/api/users/${user.body.id}`, { displayName: TROJAN, roles: ['agent', 'supervisor'], queues: [TROJAN, 'billing'] });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ displayName: TROJAN, roles: ['agent', 'supervisor'], queues: [TROJAN, 'billing'] });
  });

  it('refuses it in a new folder, a new handoff queue, an imported version’s label and an API token’s name; a draft that held one keeps saving', async () => {
    const filed = (id: string, folder: string, queue: string): FlowInput => {
      const base = flow(id, 'Recouvrement');
      const edges = [
        { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
        { id: 'e2', source: 'welcome', output: 'next', target: 'agent' },
        ...['done', 'unavailable', 'callback'].map((output) => ({ id: `h-${output}`, source: 'agent', output, target: 'bye' })),
      ];
      return { ...base, settings: { folder }, nodes: [...base.nodes, { id: 'agent', type: 'handoff', queue }], edges } as FlowInput;
    };
    expectRefused(await editor.post('/api/flows', { document: filed('debts', `Campagnes/${TROJAN}`, 'recouvrement') }), 'document.settings.folder');
    expectRefused(await editor.post('/api/flows', { document: filed('debts', 'Campagnes', TROJAN) }), 'document.nodes.3.queue');
    expect((await editor.post('/api/flows', { document: filed('debts', 'Campagnes', 'recouvrement') })).status).toBe(201);
    const draft = (await editor.get('/api/flows/debts/draft')).body;
    expectRefused(await editor.put('/api/flows/debts/draft', { revision: draft.revision, document: filed('debts', TROJAN, 'recouvrement') }), 'document.settings.folder');
    expectRefused(await editor.put('/api/flows/debts/draft', { revision: draft.revision, document: filed('debts', 'Campagnes', TROJAN) }), 'document.nodes.3.queue');
    // A template spelled out with a value the flow gives its variable names a new queue all the same: agents would be offered
    // it, and its settings, replies and agents accepted (a queue agents already answer).
    const team = (queue: string, value: string): FlowInput => ({ ...filed('debts', 'Campagnes', queue), variables: [{ name: 'equipe', type: 'string', default: value }] }) as FlowInput;
    expectRefused(await editor.put('/api/flows/debts/draft', { revision: draft.revision, document: team('recouvrement-{{equipe}}', '\u202Eexe') }), 'document.nodes.3.queue');
    expectRefused(await editor.post('/api/flows', { document: { ...team('recouvrement-{{equipe}}', '\u202Eexe'), id: 'debts-2' } }), 'document.nodes.3.queue');
    expect((await supervisor.get('/api/agent/transfer-queues')).body.queues).not.toContain('recouvrement-\u202Eexe');
    const teamed = await editor.put('/api/flows/debts/draft', { revision: draft.revision, document: team('recouvrement-{{equipe}}', 'est') });
    expect(teamed.status, JSON.stringify(teamed.body)).toBe(200);
    // The draft back as it was for what follows.
    expect((await editor.put('/api/flows/debts/draft', { revision: teamed.body.revision, document: filed('debts', 'Campagnes', 'recouvrement') })).status).toBe(200);

    // An export carrying a version label no one could type any more: refused for a version this flow lacks.
    expect((await server.admin.post('/api/flows/debts/publish', { message: 'first' })).status).toBe(201);
    const exported = (await editor.get('/api/flows/debts/export')).body;
    const labelled = { ...exported, versions: exported.versions.map((v: { number: number }) => ({ ...v, number: 2, label: TROJAN })) };
    expectRefused(await editor.post('/api/flows/import?replace=true', labelled), 'versions.0.label');
    expect(((await editor.get('/api/flows/debts/versions')).body as unknown[]).length).toBe(1);
    const moved = { ...exported, draft: { ...exported.draft, document: filed('debts', 'Campagnes', TROJAN) } };
    expectRefused(await editor.post('/api/flows/import?replace=true', moved), 'draft.document.nodes.3.queue');
    // A version the file adds hands over to a new queue so named: refused as the draft would be, naming the node and the version.
    const versionHanding = (queue: string) => {
      const parsed = parseFlow(filed('debts', 'Campagnes', queue));
      if (!parsed.ok) throw new Error('the fixture is not a flow');
      return { ...exported, versions: [...exported.versions, { ...exported.versions[0], number: 2, document: parsed.flow, hash: contentHash(parsed.flow) }] };
    };
    const handing = await editor.post('/api/flows/import?replace=true', versionHanding(TROJAN));
    expectRefused(handing, 'versions.1.document.nodes.3.queue');
    expect(handing.body.error.params).toMatchObject({ node: 'agent', version: 2 });
    expect(handing.body.error.message).toContain('node agent of version 2');
    expect(((await editor.get('/api/flows/debts/versions')).body as unknown[]).length).toBe(1);
    const fresh = await editor.post('/api/flows/import', {
      ...versionHanding(TROJAN),
      flow: { ...exported.flow, id: 'debts-3' },
      draft: { ...exported.draft, document: { ...exported.draft.document, id: 'debts-3' } },
      versions: versionHanding(TROJAN).versions.map((v: { document: FlowInput }) => {
        const parsed = parseFlow({ ...v.document, id: 'debts-3' });
        if (!parsed.ok) throw new Error('not a flow');
        return { ...v, document: parsed.flow, hash: contentHash(parsed.flow) };
      }),
    });
    expectRefused(fresh, 'versions.1.document.nodes.3.queue');
    expect((await editor.get('/api/flows/debts-3')).status).toBe(404);

    // Written before Griot refused them: the draft loads, saves with another change, and imports back over itself.
    const stored = filed('debts', TROJAN, TROJAN);
    const parsed = parseFlow(stored);
    if (!parsed.ok) throw new Error('the fixture is not a flow');
    const current = await server.store.getDraft('debts');
    expect((await server.store.saveDraft('debts', current!.revision, parsed.flow, contentHash(parsed.flow), 'edna', new Date().toISOString())).ok).toBe(true);
    const again = (await editor.get('/api/flows/debts/draft')).body;
    const edited = { ...stored, nodes: stored.nodes.map((n) => (n.id === 'welcome' ? { ...n, prompt: { fon: { audio: 'fon/welcome.wav' }, fr: { text: 'Bonjour.' } } } : n)) };
    expect((await editor.put('/api/flows/debts/draft', { revision: again.revision, document: edited })).status).toBe(200);
    const reexported = (await editor.get('/api/flows/debts/export')).body;
    expect((await editor.post('/api/flows/import?replace=true', reexported)).status).toBe(201);
    // A version the file adds with the queue the stored draft already hands over to: the flow's own, kept.
    const parsedAgain = parseFlow(stored);
    if (!parsedAgain.ok) throw new Error('the fixture is not a flow');
    const withVersion = {
      ...reexported,
      versions: [...reexported.versions, { ...reexported.versions[0], number: 2, label: undefined, document: parsedAgain.flow, hash: contentHash(parsedAgain.flow) }],
    };
    const kept = await editor.post('/api/flows/import?replace=true', withVersion);
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body.versions.added).toEqual([2]);

    expectRefused(await editor.post('/api/tokens', { name: `CRM ${TROJAN}` }), 'name');
    expect((await editor.post('/api/tokens', { name: 'CRM' })).status).toBe(201);
  });

  it('accepts a queue a stored flow hands over to in its settings and a canned reply’s queues, and refuses a new one', async () => {
    // The previous case left `debts`' stored draft handing over to the queue named TROJAN: callers wait there.
    const known = (await supervisor.get('/api/agent/transfer-queues')).body.queues as string[];
    expect(known).toContain(TROJAN);
    const configured = await supervisor.put(`/api/agent/queues/${encodeURIComponent(TROJAN)}/settings`, { ...SETTINGS, displayName: 'Recouvrement' });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    expect((await supervisor.put(`/api/agent/queues/${encodeURIComponent(TROJAN)}/settings`, { ...SETTINGS, displayName: 'Recouvrement 2' })).status).toBe(200);
    const made = `Ventes \u202Eexe.fdp`;
    expectRefused(await supervisor.put(`/api/agent/queues/${encodeURIComponent(made)}/settings`, SETTINGS), 'queue');
    expect((await supervisor.get('/api/agent/transfer-queues')).body.queues).not.toContain(made);

    const reply = await supervisor.post('/api/agent/canned-replies', { title: 'Échéancier', texts: { fr: 'Nous vous proposons un échéancier.' }, queues: ['billing', TROJAN] });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.queues).toEqual(['billing', TROJAN]);
    expectRefused(await supervisor.post('/api/agent/canned-replies', { title: 'Ventes', texts: { fr: 'Bonjour' }, queues: ['billing', made] }), 'queues.1');
    expect((await supervisor.put(`/api/agent/canned-replies/${reply.body.id}`, { title: 'Échéancier', texts: { fr: 'Un échéancier.' }, queues: [TROJAN] })).status).toBe(200);
    expectRefused(await supervisor.put(`/api/agent/canned-replies/${reply.body.id}`, { title: 'Échéancier', texts: { fr: 'Un échéancier.' }, queues: [TROJAN, made] }), 'queues.1');

    // An agent can be given the queue to answer (an admin's assignment), as its settings and replies can be written; not a new one.
    const kofi = await server.admin.post('/api/users', { username: 'kofi', displayName: 'Kofi', roles: ['agent'], queues: ['billing', TROJAN] });
    expect(kofi.status, JSON.stringify(kofi.body)).toBe(201);
    expect(kofi.body.queues).toContain(TROJAN);
    expectRefused(await server.admin.post('/api/users', { username: 'yao', displayName: 'Yao', roles: ['agent'], queues: ['billing', made] }), 'queues.1');
    const yao = await server.admin.post('/api/users', { username: 'yao', displayName: 'Yao', roles: ['agent'], queues: ['billing'] });
    expect((await server.admin.patch(`/api/users/${yao.body.id}`, { queues: ['billing', TROJAN] })).status).toBe(200);
    expectRefused(await server.admin.patch(`/api/users/${yao.body.id}`, { queues: [TROJAN, made] }), 'queues.1');
  });

  it('lets a queue be configured again while contacts sit in it or agents answer it, though no setting nor live flow names it any more', async () => {
    // The previous cases left `debts`' draft handing over to TROJAN, TROJAN configured, and kofi and yao answering it.
    expect((await supervisor.delete(`/api/agent/queues/${encodeURIComponent(TROJAN)}/settings`)).status).toBe(204);
    const current = await server.store.getDraft('debts');
    const plain = parseFlow(flow('debts', 'Recouvrement'));
    if (!plain.ok) throw new Error('the fixture is not a flow');
    expect((await server.store.saveDraft('debts', current!.revision, plain.flow, contentHash(plain.flow), 'edna', new Date().toISOString())).ok).toBe(true);
    expect((await supervisor.get('/api/agent/transfer-queues')).body.queues).not.toContain(TROJAN);

    // Agents are assigned to it: its name is on their screens already, and a supervisor must be able to set its hours.
    const settings = `/api/agent/queues/${encodeURIComponent(TROJAN)}/settings`;
    const assigned = await supervisor.put(settings, { ...SETTINGS, displayName: 'Recouvrement' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect((await supervisor.delete(settings)).status).toBe(204);

    // Nobody answers it any more and nobody waits in it: a brand-new name again, refused.
    const users = (await server.admin.get('/api/users')).body as Array<{ id: string; queues: string[] | null }>;
    for (const user of users.filter((u) => u.queues?.includes(TROJAN))) {
      expect((await server.admin.patch(`/api/users/${user.id}`, { queues: ['billing'] })).status).toBe(200);
    }
    expectRefused(await supervisor.put(settings, SETTINGS), 'queue');

    // A caller waits in it (transferred there before, or sent by a flow since changed): it can be configured and answered.
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await server.store.putHandoffContact(handoffContact(id, 999, now, { queue: TROJAN }));
    const waiting = await supervisor.put(settings, SETTINGS);
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(200);
    expect((await supervisor.delete(settings)).status).toBe(204);
    const ama = await server.admin.post('/api/users', { username: 'ama', displayName: 'Ama', roles: ['agent'], queues: [TROJAN] });
    expect(ama.status, JSON.stringify(ama.body)).toBe(201);
  });

  it('lets a queue holding only callbacks to make be configured and answered, and lists it to the supervisor with them', async () => {
    // Nobody waits in it, nobody answers it, no flow nor setting names it: the flow that offered the callbacks now hands over elsewhere.
    const queue = 'Rappels \u202Efdp.exe';
    const settings = `/api/agent/queues/${encodeURIComponent(queue)}/settings`;
    expectRefused(await supervisor.put(settings, SETTINGS), 'queue');

    const requestedAt = new Date().toISOString();
    await server.store.putCallbackRequest({ ...callback(crypto.randomUUID(), requestedAt), queue });
    // The supervisor sees the callbacks to make under their queue…
    const rows = (await supervisor.get('/api/agent/supervisor')).body as Array<{ queue: string; callbacksPending: number }>;
    expect(rows.find((row) => row.queue === queue)).toMatchObject({ callbacksPending: 1 });
    // …can set its hours (a callback time is agreed within them) and have agents assigned to call back.
    const configured = await supervisor.put(settings, { ...SETTINGS, displayName: 'Rappels' });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    expect((await supervisor.delete(settings)).status).toBe(204);
    const afi = await server.admin.post('/api/users', { username: 'afi', displayName: 'Afi', roles: ['agent'], queues: [queue] });
    expect(afi.status, JSON.stringify(afi.body)).toBe(201);
    expect((await server.admin.patch(`/api/users/${afi.body.id}`, { queues: ['billing'] })).status).toBe(200);

    // A failed callback is tried again: still work in the queue. Once done, the name is a new one again.
    const [request] = (await server.store.listCallbackRequests({})).filter((r) => r.queue === queue);
    await server.store.updateCallbackRequest(request!.id, ['pending'], { status: 'failed', updatedAt: requestedAt });
    expect((await supervisor.put(settings, SETTINGS)).status).toBe(200);
    expect((await supervisor.delete(settings)).status).toBe(204);
    await server.store.updateCallbackRequest(request!.id, ['failed'], { status: 'done', updatedAt: requestedAt });
    expectRefused(await supervisor.put(settings, SETTINGS), 'queue');
  });

  it('lets a failed callback keep its queue in use for two days only: never retried, it no longer holds the name for ever', async () => {
    const queue = 'Rappels échoués \u202Efdp.exe';
    const settings = `/api/agent/queues/${encodeURIComponent(queue)}/settings`;
    const failedAt = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000).toISOString();
    const id = crypto.randomUUID();
    await server.store.putCallbackRequest({ ...callback(id, failedAt(80)), queue, status: 'failed', attempts: 1, updatedAt: failedAt(1) });
    // Failed an hour ago: the agent retries it today, the supervisor may still set the queue's hours.
    expect((await supervisor.put(settings, SETTINGS)).status).toBe(200);
    expect((await supervisor.delete(settings)).status).toBe(204);
    // Failed three days ago and never retried: no longer work anybody plans; the name is a new one again.
    await server.store.updateCallbackRequest(id, ['failed'], { updatedAt: failedAt(72) });
    expectRefused(await supervisor.put(settings, SETTINGS), 'queue');
    expectRefused(await server.admin.post('/api/users', { username: 'edo', displayName: 'Edo', roles: ['agent'], queues: [queue] }), 'queues.0');
    // It is still there to retry: back to pending, the queue is in use again.
    expect((await server.store.listCallbackRequests({ statuses: ['failed'] })).some((r) => r.id === id)).toBe(true);
    await server.store.updateCallbackRequest(id, ['failed'], { status: 'pending', updatedAt: failedAt(0) });
    expect((await supervisor.put(settings, SETTINGS)).status).toBe(200);
  });

  it('refuses it in a new entry point’s address (the numbers page lists it beside its channel and version); one stored before keeps saving', async () => {
    const refused = await server.admin.post('/api/bindings', { channel: 'voice', address: '1919\u202E', flowId: 'debts', environment: 'production' });
    expectRefused(refused, 'address');
    expect((await server.admin.get('/api/bindings')).body).toEqual([]);

    const at = new Date().toISOString();
    await server.store.putBinding({
      id: 'kept',
      channel: 'whatsapp',
      address: '22921\u202E301919',
      flowId: 'debts',
      environment: 'production',
      testers: [],
      settings: {},
      createdAt: at,
      updatedAt: at,
    });
    const kept = await server.admin.put('/api/bindings/kept', { channel: 'whatsapp', address: '22921\u202E301919', flowId: 'debts', environment: 'staging' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expectRefused(await server.admin.put('/api/bindings/kept', { channel: 'whatsapp', address: '\u202E22921301919', flowId: 'debts', environment: 'staging' }), 'address');
    expect((await server.admin.put('/api/bindings/kept', { channel: 'whatsapp', address: '22921301919', flowId: 'debts', environment: 'staging' })).status).toBe(200);
  });

  it('refuses it, and a control character, in the name of an uploaded recording’s file (a prompt’s audioFile) sent through the API: other editors read it beside the play button', async () => {
    expect((await editor.post('/api/flows', { document: flow('recorded', 'Accueil enregistré') })).status).toBe(201);
    const withFile = (audioFile: string): FlowInput => {
      const document = flow('recorded', 'Accueil enregistré');
      return { ...document, nodes: document.nodes.map((n) => (n.id === 'welcome' ? { ...n, prompt: { fon: { audio: 'fon/welcome.wav', audioFile }, fr: { text: 'Bienvenue.' } } } : n)) };
    };
    for (const hostile of ['accueil-\u202Evaw.exe', 'accueil\u2067.wav', 'accueil\n<img src=x onerror=alert(1)>.wav', 'a'.repeat(10_000)]) {
      const draft = (await editor.get('/api/flows/recorded/draft')).body;
      const answer = await editor.put('/api/flows/recorded/draft', { revision: draft.revision, document: withFile(hostile) });
      expect(answer.status, JSON.stringify(hostile).slice(0, 40)).toBe(400);
    }
    const draft = (await editor.get('/api/flows/recorded/draft')).body;
    expect(JSON.stringify(draft.document)).not.toContain('audioFile');
    // As people name their files, in any script: kept.
    expect((await editor.put('/api/flows/recorded/draft', { revision: draft.revision, document: withFile('خدمة العملاء <studio>.wav') })).status).toBe(200);
    const saved = (await editor.get('/api/flows/recorded/draft')).body;
    expect(saved.document.nodes.find((n: { id: string }) => n.id === 'welcome').prompt.fon.audioFile).toBe('خدمة العملاء <studio>.wav');
  });
});
