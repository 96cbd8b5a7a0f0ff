import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

type Prompted = { id: string; prompt?: Record<string, { text?: string; audio?: string; sourceStamp?: string }> };

/** The hotline with an English translation written through the API (no stamp), and the goodbye's French as given. */
function hotline(id: string, goodbye: string, english = 'Goodbye.'): FlowInput {
  const flow = testFlow({ id });
  flow.locales = [...flow.locales, { code: 'en', name: 'English', tts: { vendor: 'google' }, asr: null }];
  for (const node of flow.nodes as Prompted[]) {
    if (node.prompt) node.prompt.en = { text: `${node.id} (en)` };
    if (node.id === 'bye' && node.prompt) node.prompt = { fr: { text: goodbye }, en: { text: english } };
  }
  for (const node of flow.nodes as Array<{ options?: Array<{ label: Record<string, string> }> }>) for (const o of node.options ?? []) o.label.en = o.label.fr ?? '';
  return flow;
}

const staleWarnings = (lint: Array<{ code: string; node?: string; field?: string }>) => lint.filter((i) => i.code === 'translation.stale').map((i) => `${i.node} ${i.field}`);

describe('the French rewritten through the API or an import', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('sends the translation made from the old French to review ("à revoir"), not one rewritten in the same save', async () => {
    expect((await server.admin.post('/api/flows', { document: hotline('api-hotline', 'Au revoir.') })).status).toBe(201);
    let draft = await server.admin.get('/api/flows/api-hotline/draft');
    const saved = await server.admin.put('/api/flows/api-hotline/draft', { revision: draft.body.revision, document: hotline('api-hotline', 'Merci de votre appel, au revoir.') });
    expect(saved.status).toBe(200);
    expect(staleWarnings(saved.body.lint)).toEqual(['bye prompt.en']);

    // Both rewritten at once: the English was made from the new French.
    expect((await server.admin.post('/api/flows', { document: hotline('api-both', 'Au revoir.') })).status).toBe(201);
    draft = await server.admin.get('/api/flows/api-both/draft');
    const both = await server.admin.put('/api/flows/api-both/draft', { revision: draft.body.revision, document: hotline('api-both', 'Merci, au revoir.', 'Thank you, goodbye.') });
    expect(staleWarnings(both.body.lint)).toEqual([]);
  });

  it('answers the stamped document, so the sender’s next save keeps the review', async () => {
    expect((await server.admin.post('/api/flows', { document: hotline('api-next', 'Au revoir.') })).status).toBe(201);
    const draft = await server.admin.get('/api/flows/api-next/draft');
    const mine = hotline('api-next', 'Merci de votre appel, au revoir.');
    const saved = await server.admin.put('/api/flows/api-next/draft', { revision: draft.body.revision, document: mine });
    expect(saved.status).toBe(200);
    // What the server stored is not what was sent: the answer carries it, and its hash is the stored draft's.
    const stored = await server.admin.get('/api/flows/api-next/draft');
    expect(saved.body.document).toEqual(stored.body.document);
    expect(saved.body.hash).toBe(stored.body.hash);
    expect((saved.body.document.nodes as Prompted[]).find((n) => n.id === 'bye')!.prompt!.en?.sourceStamp).toMatch(/^s1:/);
    // The sender's own copy saved again (another edit beside) would drop the stamp: the French is unchanged since.
    const again = await server.admin.put('/api/flows/api-next/draft', { revision: saved.body.revision, document: { ...mine, name: 'Hotline 2' } });
    expect(staleWarnings(again.body.lint)).toEqual([]);
    // Saving the document the answer gave keeps it.
    const adopted = await server.admin.put('/api/flows/api-next/draft', { revision: again.body.revision, document: { ...saved.body.document, name: 'Hotline 3' } });
    expect(staleWarnings(adopted.body.lint)).toEqual(['bye prompt.en']);
    expect(adopted.body.document).toBeUndefined();
  });

  it('does the same when an import replaces the draft', async () => {
    expect((await server.admin.post('/api/flows', { document: hotline('imported', 'Au revoir.') })).status).toBe(201);
    const exported = await server.admin.get('/api/flows/imported/export');
    expect(exported.status).toBe(200);
    const file = structuredClone(exported.body);
    const bye = (file.draft.document.nodes as Prompted[]).find((n) => n.id === 'bye')!;
    bye.prompt!.fr = { text: 'À bientôt.' };
    const imported = await server.admin.post('/api/flows/import?replace=true', file);
    expect(imported.status).toBe(201);
    const draft = await server.admin.get('/api/flows/imported/draft');
    const en = (draft.body.document.nodes as Prompted[]).find((n) => n.id === 'bye')!.prompt!.en;
    expect(en?.sourceStamp).toMatch(/^s1:/);
    const lint = await server.admin.put('/api/flows/imported/draft', { revision: draft.body.revision, document: draft.body.document });
    expect(staleWarnings(lint.body.lint)).toEqual(['bye prompt.en']);
  });
});
