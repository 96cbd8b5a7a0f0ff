import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newSessionId, postUssd, readScreen } from '@griot/connectors/ussd/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const TOKEN = 'e2e-ussd-wal-callback-token-01234';
// Grace's PUK on the demo operator backend (runtime/src/demo/demoSubscribers.ts), in none of the flow's own test cases.
const CALLER = '+2290197000005';
const PUK = '99887766';

/** Which of the store's files on disk hold these bytes (the database, its WAL and its shared index). */
async function filesHolding(server: TestServer, bytes: string): Promise<string[]> {
  const base = join(server.dataDir, 'griot.db');
  const found: string[] = [];
  for (const path of [base, `${base}-wal`, `${base}-shm`]) {
    if (existsSync(path) && (await readFile(path)).includes(bytes)) found.push(path.slice(server.dataDir.length + 1));
  }
  return found;
}

/**
 * The review's finding, as it was found: without GRIOT_DATA_KEY a subscriber reads their PUK on
 * the *919# USSD demo and the contact ends; the server stays idle. Within seconds no file of the
 * store holds the code (it used to stay in `griot.db-wal` for good on an idle server).
 */
describe('a PUK read over USSD, without GRIOT_DATA_KEY, once the contact ended', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', USSD_CALLBACK_TOKEN: TOKEN } });
  });
  afterAll(() => server?.stop());

  it('is in none of griot.db, griot.db-wal and griot.db-shm a few seconds later', async () => {
    const sessionId = newSessionId();
    const answers: string[] = [];
    const type = async (answer?: string) => {
      if (answer !== undefined) answers.push(answer);
      const reply = await postUssd(server.url, { sessionId, serviceCode: '*919#', phoneNumber: CALLER, text: answers.join('*') }, { token: TOKEN });
      expect(reply.status).toBe(200);
      return reply;
    };
    // Language (English), PUK, then finish and the survey's first answer, paging when needed.
    let reply = await type();
    let sawPuk = false;
    for (let i = 0; i < 20 && reply.kind === 'CON'; i += 1) {
      const screen = reply.screen;
      if (screen.includes(PUK)) {
        sawPuk = true;
        // While the contact lives, without a data key, the code is on disk in clear: what this test watches go.
        expect(await filesHolding(server, PUK)).not.toEqual([]);
      }
      let answer: string;
      if (screen.includes('For English, press 2.')) answer = '2';
      else if (!sawPuk && /^1\. PUK code$/m.test(screen)) answer = '1';
      else if (sawPuk && /^3\. /m.test(screen) && !/^5\. /m.test(screen)) answer = '3';
      else if (/^5\. /m.test(screen)) answer = '5';
      else if (readScreen(screen).hasNext) answer = '00';
      else throw new Error(`unexpected screen: ${screen}`);
      reply = await type(answer);
    }
    expect(sawPuk).toBe(true);
    expect(reply.kind).toBe('END');
    const key = `ussd:${sessionId}`;
    await expect.poll(async () => (await server.store.getSession(key, new Date().toISOString()))?.session.status, { timeout: 5000 }).toBe('ended');

    const ended = Date.now();
    await expect.poll(() => filesHolding(server, PUK), { timeout: 8000, interval: 250 }).toEqual([]);
    // "Within seconds" on an idle server: one coalescing delay and a checkpoint, with room for a loaded machine.
    expect(Date.now() - ended).toBeLessThan(8000);
    // The server stayed up: what it keeps of the contact is still readable.
    expect((await server.store.getTranscript(key))?.endedAt).toBeDefined();
  });
});
