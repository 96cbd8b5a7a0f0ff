import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const GRIOT = fileURLToPath(new URL('../bin/griot.mjs', import.meta.url));
const run = promisify(execFile);

/** `npx griot validate …` in its own process, as an operator's CI runs it. */
async function validate(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [GRIOT, 'validate', ...args], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** A menu keyed 0 (the back key of a paged USSD screen): fine on WhatsApp, a warning on USSD. */
const flow = {
  schemaVersion: 2,
  id: 'ci-ussd',
  name: 'USSD menu',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'menu',
      type: 'menu',
      prompt: { fr: { text: 'Tapez 1 pour votre code PUK, 0 pour un conseiller.' } },
      options: [
        { id: 'puk', key: '1', label: { fr: 'Code PUK' } },
        { id: 'agent', key: '0', label: { fr: 'Conseiller' } },
      ],
    },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'puk', target: 'bye' },
    { id: 'e3', source: 'menu', output: 'agent', target: 'bye' },
    { id: 'e4', source: 'menu', output: 'noMatch', target: 'bye' },
    { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
  ],
  settings: {},
};

describe('griot validate against the channels a flow is bound to', () => {
  let server: TestServer;
  let dir: string;
  let flowFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-validate-'));
    flowFile = join(dir, 'flow.json');
    writeFileSync(flowFile, JSON.stringify(flow));
    server = await startTestServer();
    expect((await server.admin.post('/api/flows', { document: flow })).status).toBe(201);
    expect((await server.admin.post('/api/bindings', { channel: 'ussd', address: '*919#', flowId: flow.id })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const pagingKey = (stdout: string) => stdout.split('\n').filter((line) => line.includes('menu.pagingKey'));

  it("reports what the designer's lint reports for the flow's USSD binding, from the bindings a running instance lists", async () => {
    const designer = (await server.admin.get(`/api/flows/${flow.id}/draft`)).body.lint as Array<{ code: string; node?: string }>;
    expect(designer.filter((i) => i.code === 'menu.pagingKey')).toHaveLength(1);
    const bindingsFile = join(dir, 'bindings.json');
    writeFileSync(bindingsFile, JSON.stringify((await server.admin.get('/api/bindings')).body));

    const checked = await validate(flowFile, '--bindings', bindingsFile);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('(checked for ussd)');
    expect(pagingKey(checked.stdout)).toHaveLength(1);
    expect(pagingKey(checked.stdout)[0]).toContain('node menu');
    // Without them, as before: no channel checks.
    expect(pagingKey((await validate(flowFile)).stdout)).toEqual([]);
  }, 60_000);

  it('refuses a bindings file that binds the flow nowhere, naming the flows it binds (a wrong id)', async () => {
    const othersFile = join(dir, 'other-bindings.json');
    writeFileSync(
      othersFile,
      JSON.stringify([
        { channel: 'ussd', address: '*920#', flowId: 'other-flow' },
        { channel: 'whatsapp', address: '+22990000000', flowId: 'another-flow' },
      ]),
    );
    const refused = await validate(flowFile, '--bindings', othersFile);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(`binds flow ${flow.id} to no channel (it binds another-flow, other-flow)`);
    const emptyFile = join(dir, 'no-bindings.json');
    writeFileSync(emptyFile, '[]');
    const empty = await validate(flowFile, '--bindings', emptyFile);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toContain('it holds no binding');
  }, 60_000);

  it('checks the channels named on the command line, and refuses an unknown one', async () => {
    expect(pagingKey((await validate(flowFile, '--channels', 'whatsapp,ussd')).stdout)).toHaveLength(1);
    expect(pagingKey((await validate(flowFile, '--channels', 'whatsapp')).stdout)).toEqual([]);
    const refused = await validate(flowFile, '--channels', 'fax');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('unknown channel fax');
  }, 60_000);
});
