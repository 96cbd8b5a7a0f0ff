import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts, httpLink } from '@griot/connectors/voice/testing';
import { apiClient } from './helpers/http.ts';

/**
 * What `npm start` runs once `npm run build` has compiled the packages: plain node on
 * runtime/dist/main.js, as an operator's service manager would start it (NODE_ENV=production).
 * `npm test` builds first (turbo: runtime's test depends on its build).
 */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const SECRET = 'production-start-webhook-secret';
const ADMIN_TOKEN = 'production-start-admin-token-0123456789';

/** Processes whose parent is `pid` (Linux /proc), with their command lines. */
function childrenOf(pid: number): string[] {
  const children: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // gone while we looked
    }
  }
  return children;
}

describe('the production start: node on the compiled server', { timeout: 60_000 }, () => {
  let dataDir: string;
  let server: ChildProcess;
  let output = '';
  let url: string;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run \`npm run build\` first`).toBe(true);
    dataDir = await mkdtemp(join(tmpdir(), 'griot-production-'));
    server = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        // Off by default in production: asked for, as an operator trying Griot out would.
        GRIOT_DEMO: '1',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
        JAMBONZ_WEBHOOK_SECRET: SECRET,
        GRIOT_DRAIN_SECONDS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
    url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /"url":"(http:[^"]+)"[^\n]*"msg":"griot listening"/.exec(output);
        if (listening) resolve(listening[1]!);
      };
      server.stdout!.on('data', read);
      server.stderr!.on('data', read);
      void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready, with no TypeScript loader: one node process running runtime/dist/main.js and no child', async () => {
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 20_000 }).toBe(200);
    const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline).toEqual([process.execPath, MAIN]);
    // tsx would run esbuild as a child process; npm or sh would be parents, never children of it.
    expect(childrenOf(server.pid!)).toEqual([]);
  });

  it('serves the 1919 demo and the files that sit beside the compiled code', async () => {
    const admin = apiClient(url, { token: ADMIN_TOKEN });
    const flows = (await admin.get('/api/flows')).body as { name: string }[];
    expect(flows.map((f) => f.name).join()).toMatch(/1919/);

    const call = new SimulatedCall(httpLink(url, { secret: SECRET }), { callSid: 'CA-production-start-1', from: '+2290197000001', to: '1919' });
    await call.start();
    expect(call.heard.join(' ')).toContain('Pour le français, tapez 1.');
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Choisissez un service');
    call.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `answer ${i}`));
    await call.hangup();
    call.close();

    // The web chat's page and script are files next to connectors' compiled code.
    const binding = await admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    expect(binding.status).toBe(201);
    const page = await fetch(`${url}/chat/${binding.body.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Griot — chat</title>');
    const script = await fetch(`${url}/chat/assets/chat.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100);
  });

  it('stops gracefully on SIGTERM: unready while it drains, still serving, then exit code 0 after "griot stopped"', async () => {
    server.kill('SIGTERM');
    // GRIOT_DRAIN_SECONDS: the balancer's health check sees it unready while it still answers.
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { interval: 50 }).toBe(503);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"shutting down"');
    expect(output).toContain('"msg":"griot stopped"');
  });
});
