import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { publishFlow } from '../src/conversations/testSupport.ts';
import { callersInFile } from './helpers/storedAtRest.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Security review: a one-line `set pukCopy = puk` into a remembered variable passed lint, and a
 * reader of caller profiles then saw the PUK in the caller's profile (and it stayed in the callers table and its
 * backups). Lint now refuses to publish the copy; a version stored without lint (an import, a
 * version from before) still never writes the PUK to the profile. The real server with the 1919
 * demo, a voice call from the demo subscriber whose PUK is 87654321.
 */
const FLOW = 'selfcare-1919';
const SECRET = 'jambonz-sensitive-copy-secret';
const CALLER = '+2290197000002';
const PUK = '87654321';

/** The 1919 demo with the review's one-line change. */
function withPukCopy(document: Flow): Flow {
  const copy = structuredClone(document);
  copy.variables.push({ name: 'pukCopy', type: 'string', sensitive: false, persist: true });
  const setFound = copy.nodes.find((n) => n.id === 'setFound') as Extract<Flow['nodes'][number], { type: 'set' }>;
  setFound.assignments.push({ variable: 'pukCopy', expression: 'puk' });
  return Flow.parse(copy);
}

describe('a copy of the PUK in a remembered variable', () => {
  let server: TestServer;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    reader = await userWithRoles(server, 'sami', ['supervisor']);
  });
  afterAll(() => server?.stop());

  it('cannot be published: lint names the copy and the sensitive variable it copies', async () => {
    const { revision, document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision, document: withPukCopy(document) })).status).toBe(200);
    const publish = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'remember the PUK' });
    expect(publish.status).toBe(422);
    expect(publish.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([
      expect.objectContaining({ severity: 'error', code: 'variable.sensitiveCopy', node: 'setFound', params: { variable: 'pukCopy', source: 'puk' } }),
    ]);
  });

  it('stored without lint and run in production: the caller hears the PUK, and it lands neither in the profile a supervisor reads nor in the callers table', async () => {
    const production = await server.store.getEnvironment(FLOW, 'production');
    const running = await server.store.getVersion(FLOW, production!.version);
    await publishFlow(server.store, withPukCopy(Flow.parse(running!.document)), ['production']);

    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-puk-copy', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    const mark = call.heard.length;
    await call.press('1'); // PUK
    expect(call.heardSince(mark)).toContain('8, 7, 6, 5, 4, 3, 2, 1');
    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-puk-copy'))?.endReason).toBe('hangup');
    call.close();

    const profile = await reader.get(`/api/callers/${encodeURIComponent(CALLER)}`);
    expect(profile.status).toBe(200);
    // What the flow remembers legitimately is still remembered.
    expect(profile.body.variables).toEqual({ segment: 'vip' });
    expect(JSON.stringify(profile.body)).not.toContain(PUK);
    const stored = callersInFile(server);
    expect(stored).toContain(CALLER);
    expect(stored).not.toContain(PUK);
  });
});
