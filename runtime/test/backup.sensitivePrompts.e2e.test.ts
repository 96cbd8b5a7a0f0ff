import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * The security review's fifth point (step 15): it saw a CLI backup hold transcripts' prompts in
 * clear, where docs/configuration.md says transcripts keep them masked. Both are true: a prompt
 * is kept as said, unless it held a sensitive value, then in its masked rendering (`•••` in place
 * of the value). Checked here the way an operator would: the PUK the bot said, in every form the
 * caller heard it, is nowhere in a backup taken after the call, while the transcript is there.
 */
const SECRET = 'jambonz-backup-prompts-secret';
const CALLER = '+2290197000005';
const PUK = '99887766';
const SPOKEN_PUK = '9, 9, 8, 8, 7, 7, 6, 6';

describe('a backup after a caller heard their PUK', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => server.stop());

  it('keeps the transcript with the prompt masked, and the code in no form', async () => {
    const call = new SimulatedCall(await httpLink(server.url, { secret: SECRET }), { callSid: 'CA-backup-prompts', from: CALLER, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('For English, press 2')) await call.press('2');
    await call.press('1'); // PUK
    expect(call.heard.join(' ')).toContain(`Your PUK code is: ${SPOKEN_PUK}.`);
    await call.hangup();
    call.close();

    const file = join(server.dataDir, 'backup-prompts.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await backupCommand(file, { audio: false }, { DATA_DIR: server.dataDir })).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = await readFile(file, 'utf8');
    await rm(file);
    const backup = JSON.parse(text) as { transcripts: Array<{ sessionKey?: string; turns?: Array<{ prompts: string[] }> }> };
    const prompts = JSON.stringify(backup.transcripts);
    // The transcript is there, its other prompts as said, the one with the code masked.
    expect(prompts).toContain('Choose a service');
    expect(prompts).toMatch(/Your PUK code is: •••/);
    for (const form of [PUK, SPOKEN_PUK, SPOKEN_PUK.replaceAll(', ', ' '), SPOKEN_PUK.replaceAll(', ', '')]) expect(text, form).not.toContain(form);
  });
});
