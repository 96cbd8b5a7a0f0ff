import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowInput } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/** The hotline with its balance option relabelled « Forfaits », its prompt left as it was. */
function relabelled(): FlowInput {
  const flow = testFlow();
  const menu = flow.nodes.find((n) => n.id === 'menu') as { options: Array<{ label: Record<string, string> }> };
  menu.options[0]!.label.fr = 'Forfaits';
  return flow;
}

/**
 * The daily review: an option's label changed, the spoken menu still said the old words. The
 * server checks the draft against the flow's latest version and says so in the save's and the
 * draft's checks.
 */
describe('a menu prompt that still says an option’s old label, through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: testFlow() })).status).toBe(201);
  });
  afterAll(() => server.stop());

  it('warns once the label changed since the latest version, naming the prompt and the old words', async () => {
    const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);
    // Nothing published yet: nothing to compare with.
    const first = await server.admin.get('/api/flows/hotline/draft');
    expect(codes(first.body.lint)).not.toContain('menu.promptOldLabel');
    expect((await server.admin.post('/api/flows/hotline/publish', { message: 'v1' })).status).toBe(201);
    const draft = await server.admin.get('/api/flows/hotline/draft');
    const saved = await server.admin.put('/api/flows/hotline/draft', { revision: draft.body.revision, document: relabelled() });
    expect(saved.status).toBe(200);
    const warning = expect.objectContaining({
      severity: 'warning',
      code: 'menu.promptOldLabel',
      node: 'menu',
      field: 'prompt.fr',
      params: { locale: 'FR', prompt: 'prompt', option: '1', old: 'Solde', label: 'Forfaits' },
    });
    expect(saved.body.lint).toContainEqual(warning);
    expect((await server.admin.get('/api/flows/hotline')).body.lint).toContainEqual(warning);
  });
});
