import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../src/cli/validateCommand.ts';

const GRIOT = fileURLToPath(new URL('../bin/griot.mjs', import.meta.url));
const run = promisify(execFile);

/** `npx griot validate …` in its own process, with the settings the server is started with. */
async function validate(file: string, env: Record<string, string>) {
  try {
    const { stdout } = await run(process.execPath, [GRIOT, 'validate', file], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** A balance look-up on the billing system, its name mistyped « biling ». */
const flow = {
  schemaVersion: 2,
  id: 'ci-balance',
  name: 'Solde',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [{ name: 'balance' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'lookup', type: 'http', backend: 'biling', url: '/balance?msisdn={{caller.number}}', responseMapping: [{ variable: 'balance', path: '$.data.balance' }] },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Votre solde est de {{balance}} francs.' } }, reason: 'served' },
  ],
  edges: [{ id: 'e1', source: 'start', output: 'next', target: 'lookup' }, ...['ok', 'notFound', 'error', 'timeout'].map((output) => ({ id: `e-${output}`, source: 'lookup', output, target: 'bye' }))],
  settings: {},
};

describe('griot validate knows the backends the server is configured with', () => {
  let dir: string;
  let flowFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'griot-validate-backends-'));
    flowFile = join(dir, 'flow.json');
    writeFileSync(flowFile, JSON.stringify(flow));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const backends = { GRIOT_BACKENDS_STAGING: 'billing=http://billing.test/api', GRIOT_BACKENDS_PRODUCTION: 'billing=https://billing.operator.bj/api', GRIOT_DEMO: '0' };

  it('says a look-up names a backend the server does not have, naming those it has (a warning: exit 0)', async () => {
    const checked = await validate(flowFile, backends);
    expect(checked.code, checked.stdout).toBe(0);
    const line = checked.stdout.split('\n').find((l) => l.includes('http.unknownBackend'));
    expect(line, checked.stdout).toContain('node lookup');
    expect(line).toContain('calls backend biling, which this server does not have in staging or production (its backends: billing)');
  });

  /** The same command in this process (a process start costs seconds on a busy machine), its lines collected. */
  async function validateHere(file: string, env: Record<string, string>) {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const code = await validateCommand(file, { env });
      return { code, stdout: lines.join('\n') };
    } finally {
      log.mockRestore();
    }
  }

  it('is quiet once the name is right, and knows the demo’s operator backend when the demo is on', async () => {
    const named = (backend: string) => {
      const file = join(dir, `${backend}.json`);
      writeFileSync(file, JSON.stringify({ ...flow, nodes: flow.nodes.map((n) => (n.id === 'lookup' ? { ...n, backend } : n)) }));
      return file;
    };
    expect((await validateHere(named('billing'), backends)).stdout).not.toContain('http.unknownBackend');
    expect((await validateHere(named('operator'), {})).stdout).not.toContain('http.unknownBackend');
    expect((await validateHere(named('operator'), backends)).stdout).toContain('(its backends: billing)');
  });

  it('refuses a backend list the server would refuse, naming the setting (exit 2)', async () => {
    const refused = await validateHere(flowFile, { GRIOT_BACKENDS_STAGING: 'billing' });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('griot validate: GRIOT_BACKENDS_STAGING');
    // A URL's credentials (a user and password, a key in the query) are never printed, in a list refused for another entry.
    const leaky = await validateHere(flowFile, { GRIOT_BACKENDS_STAGING: 'billing=https://griot:Pw-s3cret@billing.test/api?apikey=K3y-s3cret,crm' });
    expect(leaky.code).toBe(2);
    expect(leaky.stdout).toContain('GRIOT_BACKENDS_STAGING');
    expect(leaky.stdout).not.toMatch(/s3cret/);
  });
});
