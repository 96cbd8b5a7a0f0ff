import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { publishFlow } from '../src/conversations/testSupport.ts';
import { backupOf, callersInFile, sessionInFile } from './helpers/storedAtRest.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Security review (red29b): a boolean variable counted as "only yes or no", so a copy of a
 * sensitive value into one was not sensitive. That holds for `set`, which gives a value its
 * variable's type; a look-up's answer mapping does not: `pukFound` (boolean, remembered) mapped
 * from `$.puk` beside `puk` held the code itself and passed lint; it was not masked as a sensitive value is: once the call
 * ended, the session row kept in the file (and every backup of it) still held the PUK in clear,
 * as did the tester's view, the agents' context and anything else that reads only sensitive names. The real server with
 * the 1919 demo, a voice call from the demo subscriber whose PUK is 99887766.
 */
const FLOW = 'selfcare-1919';
const SECRET = 'jambonz-sensitive-boolean-secret';
// What the demo operator backend answers for this number: a code none of the flow's own test cases holds.
const CALLER = '+2290197000005';
const PUK = '99887766';

/** The 1919 demo with a remembered "was a PUK found?" flag mapped from the answer's PUK. */
function withPukFlag(document: Flow): Flow {
  const copy = structuredClone(document);
  copy.variables.push({ name: 'pukFound', type: 'boolean', sensitive: false, persist: true });
  const lookup = copy.nodes.find((n) => n.id === 'lookupSubscriber') as Extract<Flow['nodes'][number], { type: 'http' }>;
  lookup.responseMapping.push({ variable: 'pukFound', path: '$.puk' });
  return Flow.parse(copy);
}

describe('a boolean mapped from the look-up answer that holds the PUK', () => {
  let server: TestServer;
  let reader: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    reader = await userWithRoles(server, 'sami', ['supervisor']);
  });
  afterAll(() => server?.stop());

  it('cannot be published remembered: lint names it a copy of the PUK', async () => {
    const { revision, document } = (await server.admin.get(`/api/flows/${FLOW}/draft`)).body as { revision: number; document: Flow };
    expect((await server.admin.put(`/api/flows/${FLOW}/draft`, { revision, document: withPukFlag(document) })).status).toBe(200);
    const publish = await server.admin.post(`/api/flows/${FLOW}/publish`, { message: 'remember whether a PUK was found' });
    expect(publish.status).toBe(422);
    expect(publish.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([
      expect.objectContaining({ severity: 'error', code: 'variable.sensitiveCopy', node: 'lookupSubscriber', params: { variable: 'pukFound', source: 'puk' } }),
    ]);
  });

  it('stored without lint and run in production: once the call ended, the PUK is neither in the session row, nor in a backup, nor in the profile a supervisor reads', async () => {
    const production = await server.store.getEnvironment(FLOW, 'production');
    const running = await server.store.getVersion(FLOW, production!.version);
    await publishFlow(server.store, withPukFlag(Flow.parse(running!.document)), ['production']);

    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-puk-flag', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    const mark = call.heard.length;
    await call.press('1'); // PUK
    expect(call.heardSince(mark)).toContain('9, 9, 8, 8, 7, 7, 6, 6');
    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-puk-flag'))?.endReason).toBe('hangup');
    call.close();

    // The ended session lingers (late hooks), in the file and in backups: without the code.
    const row = sessionInFile(server, 'voice:CA-puk-flag');
    expect(row).toBeDefined();
    expect(row).not.toContain(PUK);
    const backup = await backupOf(server);
    expect(backup).toContain('voice:CA-puk-flag');
    expect(backup).not.toContain(PUK);

    const profile = await reader.get(`/api/callers/${encodeURIComponent(CALLER)}`);
    expect(profile.status).toBe(200);
    expect(JSON.stringify(profile.body)).not.toContain(PUK);
    expect(callersInFile(server)).not.toContain(PUK);
  });
});
