import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { publishFlow } from '../src/conversations/testSupport.ts';
import { backupOf, sessionInFile } from './helpers/storedAtRest.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * data30: account data a look-up returns, mapped into variables the author did not mark. The
 * 1919 demo as an author who forgot the marks would write it: its Mobile Money balance and
 * transactions plain, and the account owner's name mapped into a plain `ownerName` handed to
 * agents. What the operator's system answers is sensitive by default (`sensitivityOf`): the
 * transcript, the live and the ended session rows, backups, analytics facts and the agent's context
 * hold none of it in clear, while the caller still hears it. The real server on SQLite.
 */
const FLOW = 'selfcare-1919';
const SECRET = 'jambonz-lookup-answer-secret';
// What the demo operator backend answers for this number (runtime/src/demo/demoSubscribers.ts).
const CALLER = '+2290197000005';
const OWNER = 'Grace Adeyemi';
const MOMO_BALANCE = '310000';
const COUNTERPARTY = 'Porto-Novo Supplies';
const ACCOUNT_DATA = [OWNER, MOMO_BALANCE, COUNTERPARTY];

/** The demo with its account data unmarked, and the owner's name fetched into a plain variable agents get. */
function unmarked(document: Flow): Flow {
  const copy = structuredClone(document);
  for (const v of copy.variables) if (v.name !== 'puk') v.sensitive = false;
  copy.variables.push({ name: 'ownerName', type: 'string', sensitive: false, persist: false });
  const lookup = copy.nodes.find((n) => n.id === 'lookupSubscriber') as Extract<Flow['nodes'][number], { type: 'http' }>;
  lookup.responseMapping.push({ variable: 'ownerName', path: '$.name' });
  for (const node of copy.nodes) if (node.type === 'handoff') node.context.push('ownerName');
  return Flow.parse(copy);
}

describe('a look-up’s answer in variables the author did not mark', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    const production = await server.store.getEnvironment(FLOW, 'production');
    const running = await server.store.getVersion(FLOW, production!.version);
    await publishFlow(server.store, unmarked(Flow.parse(running!.document)), ['production']);
  });
  afterAll(() => server?.stop());

  const dial = async (sid: string) => {
    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: sid, from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    return call;
  };

  it('is heard by the caller, and kept in clear nowhere: transcript, session row during and after the call, backup, analytics', async () => {
    const call = await dial('CA-lookup-answer');
    const mark = call.heard.length;
    await call.press('3'); // Mobile Money: the balance, then the latest transaction
    expect(call.heardSince(mark)).toContain(`Your Mobile Money balance is ${MOMO_BALANCE} CFA francs.`);
    expect(call.heardSince(mark)).toContain(COUNTERPARTY);
    // Mid-call (a backup, a crash leaving the row): sealed apart like the PUK, not in the row's variables.
    const live = JSON.parse(sessionInFile(server, 'voice:CA-lookup-answer')!);
    for (const value of ACCOUNT_DATA) expect(JSON.stringify(live.session.vars)).not.toContain(value);
    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript('voice:CA-lookup-answer'))?.endReason).toBe('hangup');
    call.close();

    const transcript = JSON.stringify(await server.store.getTranscript('voice:CA-lookup-answer'));
    expect(transcript).toContain('Mobile Money balance is');
    for (const value of ACCOUNT_DATA) expect(transcript).not.toContain(value);
    const row = sessionInFile(server, 'voice:CA-lookup-answer');
    expect(JSON.parse(row!).session.vars).toMatchObject({ service: 'momo', subscriberFound: true });
    for (const value of ACCOUNT_DATA) expect(row).not.toContain(value);
    const facts = JSON.stringify(await server.store.listFacts({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', limit: 1000 }));
    for (const value of ACCOUNT_DATA) expect(facts).not.toContain(value);
    const backup = await backupOf(server);
    expect(backup).toContain('voice:CA-lookup-answer');
    for (const value of ACCOUNT_DATA) expect(backup).not.toContain(value);
  });

  it('is not handed to the agent, the flow’s other context kept', async () => {
    const call = await dial('CA-lookup-agent');
    await call.press('4'); // an agent
    expect(call.waitingOn?.verb).toBe('enqueue');
    const [contact] = await server.store.listHandoffContacts({ statuses: ['waiting'] });
    expect(contact?.sessionKey).toBe('voice:CA-lookup-agent');
    expect((contact!.context as { variables: Record<string, unknown> }).variables).toMatchObject({ service: 'agent', subscriberFound: true });
    expect(JSON.stringify(contact)).not.toContain(OWNER);
    await call.hangup();
    call.close();
  });
});
