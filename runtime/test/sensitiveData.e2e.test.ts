import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SimulatedCall, httpLink, statusPayload } from '@griot/connectors/voice/testing';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { backupOf } from './helpers/storedAtRest.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * Finding 7 of issue 12, tested the way it was found: a subscriber gets their PUK on the 1919
 * demo, then the SQLite file itself (read with its own connection, as anyone with the disk
 * would) and a backup file are searched for the code.
 */
const SECRET = 'jambonz-sensitive-secret';
// What the demo operator backend answers for this number (runtime/src/demo/demoSubscribers.ts);
// unlike the other demo subscribers' codes, these appear in none of the flow's own test cases.
const CALLER = '+2290197000005';
const PUK = '99887766';
const SPOKEN_PUK = '9, 9, 8, 8, 7, 7, 6, 6';
const MOMO_BALANCE = '310000';
const MOMO_SENT = '60000';
const COUNTERPARTY = 'Porto-Novo Supplies';
const dataKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** The session row as stored in the file: raw text of its `data` column, read on another connection. */
function storedRow(server: TestServer, key: string): string | undefined {
  const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[string], { data: string }>('SELECT data FROM sessions WHERE key = ?').get(key)?.data;
  } finally {
    db.close();
  }
}

/** Every byte the store has on disk: the database file and its write-ahead log. */
async function filesOnDisk(server: TestServer): Promise<Buffer> {
  const base = join(server.dataDir, 'griot.db');
  const parts = [base, `${base}-wal`].filter((path) => existsSync(path));
  return Buffer.concat(await Promise.all(parts.map((path) => readFile(path))));
}

/** Starts the call and reaches the main menu (in English the first time; the language is remembered after). */
async function toMainMenu(call: SimulatedCall): Promise<SimulatedCall> {
  await call.start();
  if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
  expect(call.heard.at(-1)).toContain('Choose a service');
  return call;
}

describe('sensitive values of the 1919 demo, without GRIOT_DATA_KEY', () => {
  let server: TestServer;
  let calls = 0;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  });
  // The last test stops the server itself (stopping twice is harmless).
  afterAll(() => server.stop());
  const dial = async () => new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: `CA-sensitive-${++calls}`, from: CALLER, to: '1919' });
  const keyOf = (call: SimulatedCall) => `voice:${call.identity.callSid}`;

  it('a caller hears their PUK, hangs up: the session row in the file no longer holds it', async () => {
    const call = await toMainMenu(await dial());
    const mark = call.heard.length;
    await call.press('1'); // PUK
    expect(call.heardSince(mark)).toContain(`Your PUK code is: ${SPOKEN_PUK}.`);
    // While the call lives, without a data key, the code is kept as before (apart from the other variables).
    expect(storedRow(server, keyOf(call))).toContain(PUK);

    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript(keyOf(call)))?.endReason).toBe('hangup');
    const row = storedRow(server, keyOf(call));
    expect(row).toBeDefined();
    expect(row).not.toContain(PUK);
    const stored = JSON.parse(row!);
    expect(stored.session).toMatchObject({ status: 'ended', vars: { service: 'puk', subscriberFound: true, segment: 'business' } });
    expect(stored.session.vars).not.toHaveProperty('puk');
    expect(stored).not.toHaveProperty('sensitive');
    // A late hook of the ended call is still answered (the ended session lingers for re-deliveries).
    const late = await fetch(`${server.url}/jambonz/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(statusPayload(call.identity, call.customerData, 'completed')),
    });
    expect(late.status).toBeLessThan(500);
    call.close();
  });

  it('balances and Mobile Money transactions are gone when the call fails, and when the flow itself ends', async () => {
    const failed = await toMainMenu(await dial());
    const mark = failed.heard.length;
    await failed.press('3'); // Mobile Money: balance, then the latest transaction
    expect(failed.heardSince(mark)).toContain(`Your Mobile Money balance is ${MOMO_BALANCE} CFA francs.`);
    expect(failed.heardSince(mark)).toContain(`${MOMO_SENT} CFA francs sent to ${COUNTERPARTY}`);
    expect(storedRow(server, keyOf(failed))).toContain(COUNTERPARTY);
    // jambonz reports the call failed (network drop) rather than completed.
    await failed.link.status(statusPayload(failed.identity, failed.customerData, 'failed'));
    await expect.poll(async () => (await server.store.getTranscript(keyOf(failed)))?.endedAt).toBeDefined();
    const failedRow = storedRow(server, keyOf(failed))!;
    for (const secret of [MOMO_BALANCE, MOMO_SENT, COUNTERPARTY]) expect(failedRow).not.toContain(secret);
    failed.close();

    const served = await toMainMenu(await dial());
    await served.press('1'); // PUK
    await served.press('3'); // finish
    await served.press('5'); // satisfaction: the flow says goodbye and ends the call
    expect(served.ended).toBe(true);
    await expect.poll(async () => (await server.store.getTranscript(keyOf(served)))?.endReason).toBe('served');
    expect(storedRow(server, keyOf(served))).not.toContain(PUK);
    served.close();
  });

  it('a backup taken during a call holds no PUK, the call still reads it back, and the agent it is handed to never gets it', async () => {
    const call = await toMainMenu(await dial());
    await call.press('1');
    const backup = await backupOf(server);
    expect(backup).toContain(keyOf(call)); // the live session is in the backup…
    expect(backup).not.toContain(PUK); // …without its sensitive values, nor any transcript or ended session with them.
    expect(backup).not.toContain(COUNTERPARTY);
    const mark = call.heard.length;
    await call.press('1'); // "repeat the code"
    expect(call.heardSince(mark)).toContain(SPOKEN_PUK);

    // Then to an agent: the contact handed over carries the flow's context, never the code.
    await call.press('2'); // main menu
    await call.press('4'); // an agent
    expect(call.waitingOn?.verb).toBe('enqueue');
    const withAgent = JSON.parse(await backupOf(server));
    expect(withAgent.handoff.contacts).toEqual([expect.objectContaining({ sessionKey: keyOf(call), status: 'waiting' })]);
    expect(withAgent.handoff.contacts[0].context.variables).toEqual({ segment: 'business', service: 'agent', subscriberFound: true });
    expect(JSON.stringify(withAgent)).not.toContain(PUK);
    await call.hangup();
    call.close();
  });

  it('once thirty overlapping calls have ended, no byte of the stopped store holds the PUK (not even freed space)', async () => {
    const live: SimulatedCall[] = [];
    for (let i = 0; i < 30; i += 1) {
      const call = await toMainMenu(await dial());
      await call.press('1');
      live.push(call);
    }
    for (const call of live) {
      await call.hangup();
      call.close();
    }
    await server.stop({ keepData: true });
    // Stopping folds the write-ahead log into the file: what is left is the store at rest.
    expect((await filesOnDisk(server)).includes(PUK)).toBe(false);
  });
});

describe('sensitive values of the 1919 demo, with GRIOT_DATA_KEY', () => {
  let server: TestServer;
  let calls = 0;
  const current = dataKey('2026-11');
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_DATA_KEY: current } });
  });
  afterAll(() => server.stop());
  const dial = async (base = server.url) => new SimulatedCall(await httpLink(base, { secret: SECRET }), { callSid: `CA-sealed-${++calls}`, from: CALLER, to: '1919' });
  const keyOf = (call: SimulatedCall) => `voice:${call.identity.callSid}`;

  it('keeps the PUK sealed on disk while the call lives, and the flow still repeats it', async () => {
    const call = await toMainMenu(await dial());
    await call.press('1');
    const row = storedRow(server, keyOf(call))!;
    expect(row).not.toContain(PUK);
    expect(JSON.parse(row).sensitive).toEqual({ alg: 'A256GCM', kid: '2026-11', iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
    // A turn's answer is kept for jambonz's retry of the call hook only (a sealed one when it says a masked value,
    // turnAnswer.test.ts): this gather's, which said the PUK, is not in the row at all.
    expect(row).not.toContain(SPOKEN_PUK);
    expect(JSON.parse(row)).not.toHaveProperty('answer');
    // Nowhere in the file nor its write-ahead log, in any page version.
    expect((await filesOnDisk(server)).includes(PUK)).toBe(false);
    expect((await filesOnDisk(server)).includes(SPOKEN_PUK)).toBe(false);

    const mark = call.heard.length;
    await call.press('1'); // "repeat the code"
    expect(call.heardSince(mark)).toContain(`Your PUK code is: ${SPOKEN_PUK}.`);

    await call.hangup();
    await expect.poll(async () => (await server.store.getTranscript(keyOf(call)))?.endReason).toBe('hangup');
    expect(JSON.parse(storedRow(server, keyOf(call))!)).not.toHaveProperty('sensitive');
    expect((await filesOnDisk(server)).includes(PUK)).toBe(false);
    expect(await backupOf(server)).not.toContain(PUK);
    call.close();
  });

  it('after a restart with the key rotated, a live call still reads its PUK; with an unknown key the flow goes on as if it had none', async () => {
    const call = await toMainMenu(await dial());
    await call.press('1');
    const dataDir = server.dataDir;
    /** jambonz carries the call on to the restarted server: same call, same customerData, where it waited. */
    const carryOn = async (): Promise<SimulatedCall> => {
      const next = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), call.identity);
      next.customerData = call.customerData;
      next.waitingOn = call.waitingOn;
      return next;
    };
    await server.stop({ keepData: true });

    // Rotation: a new current key, the old one still readable.
    server = await startTestServer({ dataDir, env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_DATA_KEY: dataKey('2027-01'), GRIOT_DATA_KEY_PREVIOUS: current } });
    const rotated = await carryOn();
    await rotated.press('1'); // repeat
    expect(rotated.heard.join(' ')).toContain(SPOKEN_PUK);
    // Written again with the new key.
    expect(JSON.parse(storedRow(server, keyOf(call))!).sensitive.kid).toBe('2027-01');
    await server.stop({ keepData: true });

    // A key that cannot open it: the values are absent, the call is not dropped.
    server = await startTestServer({ dataDir, env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_DATA_KEY: dataKey('other') } });
    const lost = await carryOn();
    lost.customerData = rotated.customerData;
    lost.waitingOn = rotated.waitingOn;
    await lost.press('1'); // repeat
    // The demo flow checks the code is there before repeating it: the caller is offered an agent.
    expect(lost.heard.join(' ')).not.toContain(SPOKEN_PUK);
    expect(lost.heard.join(' ')).toContain('We cannot find a PUK code for your line. An agent will help you.');
    await lost.hangup();
    lost.close();
  });
});

describe('sensitive values on WhatsApp', () => {
  const APP_SECRET = 'whatsapp-sensitive-secret';
  const WA_ID = CALLER.slice(1);
  const sender = { phoneNumberId: '100000000000001', waId: WA_ID, name: 'Grace' };
  let graph: FakeGraphServer;
  let server: TestServer;
  beforeAll(async () => {
    graph = await startFakeGraphServer({ accessToken: 'sensitive-graph-token' });
    server = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'v',
        WHATSAPP_ACCESS_TOKEN: 'sensitive-graph-token',
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_GRAPH_VERSION: 'v21.0',
        GRIOT_DATA_KEY: dataKey('wa'),
      },
    });
  });
  afterAll(async () => {
    await server.stop();
    await graph.close();
  });
  const key = `whatsapp:100000000000001:${WA_ID}`;
  const replies = () =>
    graph
      .sent()
      .filter((r) => r.body.to === WA_ID)
      .map((r) => JSON.stringify(r.body));
  const send = async (body: unknown, expected: number) => {
    expect((await postWebhook(server.url, body, APP_SECRET)).status).toBe(200);
    await expect.poll(() => replies().length, { timeout: 5000 }).toBeGreaterThanOrEqual(expected);
  };

  it('shows the PUK in the chat, never in clear on disk, and drops it when the conversation ends', async () => {
    await send(wa.textMessage('Bonjour', sender), 1);
    await send(wa.buttonReply('en', 'English', sender), 2);
    await send(wa.listReply('puk', 'PUK code', undefined, sender), 3);
    expect(replies().at(-1)).toContain(PUK);
    const live = storedRow(server, key);
    expect(live).toBeDefined();
    expect(live).not.toContain(PUK);
    expect(JSON.parse(live!).sensitive).toMatchObject({ alg: 'A256GCM', kid: 'wa' });
    expect((await filesOnDisk(server)).includes(PUK)).toBe(false);

    await send(wa.buttonReply('repeat', 'Repeat the code', sender), 4);
    expect(replies().at(-1)).toContain(PUK);

    await send(wa.buttonReply('end', 'Finish', sender), 5); // the satisfaction question
    await send(wa.listReply('4', '4 - Satisfied', undefined, sender), 6); // goodbye: the flow ends the conversation
    await expect.poll(async () => (await server.store.listTranscripts({ callerNumber: CALLER, limit: 1 }))[0]?.endReason).toBe('served');
    const ended = JSON.parse(storedRow(server, key)!);
    expect(ended.session.status).toBe('ended');
    expect(ended).not.toHaveProperty('sensitive');
    expect(JSON.stringify(ended)).not.toContain(PUK);
    expect(JSON.stringify(await server.store.listTranscripts({ callerNumber: CALLER, limit: 5 }))).not.toContain(PUK);
    expect(await backupOf(server)).not.toContain(PUK);
  });
});
