import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * Security review (red29b): an editor who pasted a curl command's `Authorization: Bearer …` into
 * an http node published it, and the operator's token was then in the flow every viewer reads,
 * in its exports and backups, and in a version kept for good. Publishing is refused, naming the
 * header; the same node naming the secret lints clean. The real server with the 1919 demo.
 */
const FLOW = 'selfcare-1919';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.operator-live-token';

function withHeader(document: Flow, value: string): Flow {
  const copy = structuredClone(document);
  const lookup = copy.nodes.find((n) => n.id === 'lookupSubscriber') as Extract<Flow['nodes'][number], { type: 'http' }>;
  lookup.headers = { ...lookup.headers, Authorization: value };
  return Flow.parse(copy);
}

describe('a credential written in a flow', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  });
  afterAll(() => server?.stop());

  it('is not published, and a viewer never finds it in a version', async () => {
    const editor = await userWithRoles(server, 'eddy', ['editor']);
    const viewer = await userWithRoles(server, 'vera', ['viewer']);
    const { revision, document } = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const saved = await editor.put(`/api/flows/${FLOW}/draft`, { revision, document: withHeader(document, `Bearer ${TOKEN}`) });
    expect(saved.status).toBe(200);
    // The designer badges the node as soon as the draft is saved.
    expect(saved.body.lint).toContainEqual(expect.objectContaining({ severity: 'error', code: 'http.literalCredential', node: 'lookupSubscriber', field: 'headers.Authorization' }));

    const publish = await editor.post(`/api/flows/${FLOW}/publish`, { message: 'faster than asking ops' });
    expect(publish.status).toBe(422);
    expect(publish.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'http.literalCredential', node: 'lookupSubscriber', params: { where: 'Authorization' } }),
    ]);
    const exported = await viewer.get(`/api/flows/${FLOW}/export`);
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body.versions)).not.toContain(TOKEN);

    // Named as the secret it is (as the demo does), the node is fine again.
    const again = (await editor.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    const named = await editor.put(`/api/flows/${FLOW}/draft`, { revision: again.revision, document: withHeader(again.document, 'Bearer {{secret.OPERATOR_API_TOKEN}}') });
    expect(named.status).toBe(200);
    expect(named.body.lint.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
  });

  it('keeps a version published before the rule out of production, saying why rather than asking for recordings', async () => {
    const { document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { document: Flow };
    const versions = (await server.admin.get(`/api/flows/${FLOW}/versions`)).body as Array<{ number: number }> | { versions: Array<{ number: number }> };
    const list = Array.isArray(versions) ? versions : versions.versions;
    const number = Math.max(...list.map((v) => v.number)) + 1;
    // Published last week, before lint refused it: the store holds it as it was.
    await server.store.putVersion({
      flowId: FLOW,
      number,
      hash: `old-${number}`,
      document: withHeader(document, `Bearer ${TOKEN}`),
      author: 'awa',
      message: 'before red29b',
      createdAt: '2026-11-30T10:00:00.000Z',
    });
    const production = await server.admin.post(`/api/flows/${FLOW}/environments/production`, { version: number });
    expect(production.status).toBe(422);
    expect(production.body.error).toMatchObject({ code: 'version_lint_errors', params: { version: number, count: 1, codes: 'http.literalCredential' } });
    expect(production.body.issues).toEqual([expect.objectContaining({ code: 'http.literalCredential', node: 'lookupSubscriber' })]);
  });
});
