import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const SECRET = 'jambonz-spoken-code-secret';
const SPOKEN = 'huit sept six cinq quatre trois deux un';

/**
 * A caller on the 1919 line answers the main menu by voice with their PUK code read out in words
 * (« mon code PUK c'est huit sept six cinq quatre trois deux un »), as speech recognition writes
 * it. The transcript supervisors read keeps the sentence with the code masked, and no file of the
 * store holds the code in words.
 */
describe('a PUK code said in words on the phone', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  }, 30_000);
  afterAll(() => server?.stop());

  /** Which of the store's files hold these bytes. */
  const filesHolding = async (bytes: string): Promise<string[]> => {
    const base = join(server.dataDir, 'griot.db');
    const found: string[] = [];
    for (const path of [base, `${base}-wal`, `${base}-shm`]) {
      if (existsSync(path) && (await readFile(path)).includes(bytes)) found.push(path.slice(server.dataDir.length + 1));
    }
    return found;
  };

  it('never reaches the stored transcript in clear', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-spoken-puk', from: '+2290197000042', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    expect(call.waitingOn?.verb).toBe('gather');
    await call.speak(`mon code PUK c’est ${SPOKEN}`);
    await call.hangup();

    const transcript = async () => {
      const listed = (await server.admin.get('/api/transcripts?flow=selfcare-1919')).body as Array<{ sessionKey: string }>;
      const key = listed.find((t) => t.sessionKey.includes('CA-spoken-puk'))?.sessionKey;
      return key ? JSON.stringify((await server.admin.get(`/api/transcripts/${encodeURIComponent(key)}`)).body) : '';
    };
    await expect.poll(transcript, { timeout: 5000 }).toContain('mon code PUK c’est •••');
    expect(await transcript()).not.toContain('huit sept');
    // Nor any file of the store, within seconds (one WAL checkpoint).
    await expect.poll(() => filesHolding(SPOKEN), { timeout: 8000, interval: 250 }).toEqual([]);
  }, 30_000);
});
