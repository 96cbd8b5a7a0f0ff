import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow, lintFlow } from '@griot/flows';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { publishFlow } from '../src/conversations/testSupport.ts';
import { backupOf, sessionInFile } from './helpers/storedAtRest.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Security review (red29b): a copy of a sensitive value that lint cannot see. A second look-up
 * of the same subscriber (`lookupAgain`, the same backend and path) keeps the whole answer in a
 * plain `json` variable: nothing tells lint that its answer holds the PUK the first look-up
 * mapped into `puk`. Once the call ended, `puk` was gone from the session row but the copy was
 * not: the file kept the code in clear, and every backup of it. At the contact's end a variable
 * holding one of its sensitive values goes with them. The real server with the 1919 demo.
 */
const FLOW = 'selfcare-1919';
const SECRET = 'jambonz-unseen-copy-secret';
// What the demo operator backend answers for this number: a code none of the flow's own test cases holds.
const CALLER = '+2290197000005';
const PUK = '99887766';

/** The 1919 demo with a second look-up of the subscriber whose whole answer goes into a plain variable. */
function withSecondLookup(document: Flow): Flow {
  const copy = structuredClone(document) as Flow & { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
  // Said not sensitive (data30): a look-up's answer is sensitive by default, and this one is the copy lint cannot see.
  copy.variables.push({ name: 'subscriberRecord', type: 'json', sensitive: false, persist: false, keptInClear: true });
  const first = copy.nodes.find((n) => n.id === 'lookupSubscriber') as Record<string, unknown>;
  copy.nodes.push({ ...structuredClone(first), id: 'lookupAgain', responseMapping: [{ variable: 'subscriberRecord', path: '$' }], position: { x: 0, y: 0 } });
  const toSetFound = copy.edges.find((e) => e.source === 'lookupSubscriber' && e.output === 'ok') as Record<string, unknown>;
  toSetFound.target = 'lookupAgain';
  // …and handed to agents with the contact, as the flow's other context.
  for (const node of copy.nodes) if (node.type === 'handoff') (node.context as string[]).push('subscriberRecord');
  for (const output of ['ok', 'notFound', 'error', 'timeout']) copy.edges.push({ id: `again-${output}`, source: 'lookupAgain', output, target: 'setFound' });
  return Flow.parse(copy);
}

describe('a copy of the PUK lint cannot see', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => server?.stop());

  it('is gone from the session row and its backups once the call ended, the contact’s other values kept', async () => {
    const production = await server.store.getEnvironment(FLOW, 'production');
    const running = await server.store.getVersion(FLOW, production!.version);
    const flow = withSecondLookup(Flow.parse(running!.document));
    // Lint has no way to know the second answer holds the PUK: the flow publishes.
    expect(lintFlow(flow).filter((i) => i.severity === 'error')).toEqual([]);
    await publishFlow(server.store, flow, ['production']);

    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-unseen-copy', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    const mark = call.heard.length;
    await call.press('1'); // PUK
    expect(call.heardSince(mark)).toContain('9, 9, 8, 8, 7, 7, 6, 6');
    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-unseen-copy'))?.endReason).toBe('hangup');
    call.close();

    const row = sessionInFile(server, 'voice:CA-unseen-copy');
    expect(row).toBeDefined();
    expect(row).not.toContain(PUK);
    expect(JSON.parse(row!).session.vars).toMatchObject({ service: 'puk', subscriberFound: true });
    expect(JSON.parse(row!).session.vars).not.toHaveProperty('subscriberRecord');
    const backup = await backupOf(server);
    expect(backup).toContain('voice:CA-unseen-copy');
    expect(backup).not.toContain(PUK);
  });

  it('is in no plain variable of the live session row nor in a backup taken mid-call, and the call goes on', async () => {
    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-unseen-live', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    const mark = call.heard.length;
    await call.press('1'); // PUK
    expect(call.heardSince(mark)).toContain('9, 9, 8, 8, 7, 7, 6, 6');
    // Mid-call: a backup (which never holds the sealed part) and the row's plain variables.
    const live = JSON.parse(sessionInFile(server, 'voice:CA-unseen-live')!);
    expect(live.session.vars).not.toHaveProperty('subscriberRecord');
    expect(JSON.stringify(live.session.vars)).not.toContain(PUK);
    const backup = await backupOf(server);
    expect(backup).toContain('voice:CA-unseen-live');
    expect(backup).not.toContain(PUK);
    // The flow still has its copy: the next turn reads the session back whole.
    const again = call.heard.length;
    await call.press('2'); // main menu
    expect(call.heardSince(again)).toContain('Choose a service');
    await call.hangup();
    call.close();
  });

  it('is not handed to the agent with the contact, the flow’s other context kept', async () => {
    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-unseen-agent', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    await call.press('1'); // PUK
    await call.press('2'); // main menu
    await call.press('4'); // an agent
    expect(call.waitingOn?.verb).toBe('enqueue');
    const [contact] = await server.store.listHandoffContacts({ statuses: ['waiting'] });
    expect(contact?.sessionKey).toBe('voice:CA-unseen-agent');
    expect((contact!.context as { variables: Record<string, unknown> }).variables).toMatchObject({ service: 'agent', subscriberFound: true });
    expect(JSON.stringify(contact)).not.toContain(PUK);
    await call.hangup();
    call.close();
  });
});
