import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(new URL('../../docs/docker/Dockerfile', import.meta.url), 'utf8');

/** The image's HEALTHCHECK command, as Docker runs it (exec form), from the image's WORKDIR. */
function healthcheckCommand(): string[] {
  const line = /^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])\s*$/m.exec(DOCKERFILE)?.[1];
  if (!line) throw new Error('no HEALTHCHECK … CMD [ … ] in docs/docker/Dockerfile');
  const command = JSON.parse(line) as string[];
  expect(/^WORKDIR (\S+)/m.exec(DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM ')))?.[1]).toBe('/griot'); // the repository's root, as here
  return command;
}

/** Docker's verdict: the command's exit code (0 healthy, 1 unhealthy), run with the container's HOST and PORT. */
function check(env: { HOST?: string; PORT: string }): Promise<number> {
  const [file, ...args] = healthcheckCommand();
  const { HOST: _h, PORT: _p, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(file!, args, { cwd: ROOT, env: { ...inherited, ...env }, timeout: 3000 }, (error) => resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0));
  });
}

const portOf = (server: TestServer) => new URL(server.url).port;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('the image’s HEALTHCHECK', () => {
  it('finds a server told HOST=127.0.0.1 healthy, and unhealthy once it stopped', async () => {
    server = await startTestServer({ env: { HOST: '127.0.0.1' } });
    const port = portOf(server);
    expect(await check({ HOST: '127.0.0.1', PORT: port })).toBe(0);
    await server.stop();
    server = undefined;
    expect(await check({ HOST: '127.0.0.1', PORT: port })).toBe(1);
  });

  it('asks a server told HOST=::1 on ::1, not on 127.0.0.1 where nothing listens', async () => {
    server = await startTestServer({ env: { HOST: '::1' } });
    expect(isIPv6(new URL(server.url).hostname.replace(/^\[|\]$/g, ''))).toBe(true);
    expect(await check({ HOST: '::1', PORT: portOf(server) })).toBe(0);
  });

  it('asks on loopback a server listening on every address (HOST 0.0.0.0, `::` or unset)', async () => {
    server = await startTestServer({ env: { HOST: '::' } });
    const port = portOf(server);
    expect(await check({ HOST: '::', PORT: port })).toBe(0);
    expect(await check({ HOST: '0.0.0.0', PORT: port })).toBe(0);
    expect(await check({ PORT: port })).toBe(0);
  });

  it('says unhealthy while the server answers /readyz with 503 (draining)', async () => {
    server = await startTestServer({ env: { HOST: '127.0.0.1', GRIOT_DRAIN_SECONDS: '2' } });
    const port = portOf(server);
    const stopping = server.stop();
    server = undefined;
    // Draining: still serving, /readyz 503.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await check({ HOST: '127.0.0.1', PORT: port })).toBe(1);
    await stopping;
  });
});
