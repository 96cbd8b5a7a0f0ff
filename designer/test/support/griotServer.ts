import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../runtime/src/config.ts';
import { startServer, type RunningServer } from '../../../runtime/src/server.ts';

export const ADMIN_TOKEN = 'designer-test-admin-token-0123456789';
export const DESIGNER_DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/**
 * Where the data directory of a demo server the browser project seeded once waits, when it runs
 * (test/support/seededDemo.ts): the demo flow created, its tests run, published and promoted.
 */
export const SEEDED_DEMO = 'DESIGNER_TEST_SEEDED_DEMO';

export interface GriotServer {
  url: string;
  dataDir: string;
  /** JSON call with the admin token. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The server's own services and store (to hand a call over to the agents as the engine does). */
  running: RunningServer;
  stop(): Promise<void>;
}

/**
 * The real Griot server on 127.0.0.1:0 with a temporary DATA_DIR, serving the built designer.
 * `announce` receives what the server prints for people (the first admin's one-time password);
 * `now`, the services' clock (a test moves it rather than wait out a delay in real time).
 */
export async function startGriot(options: { demo?: boolean; env?: Record<string, string>; announce?: (text: string) => void; designerDir?: string; now?: () => string } = {}): Promise<GriotServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'griot-designer-'));
  // A demo server asked nothing else (no environment, no first admin's password to show) starts on
  // a copy of the run's seeded one, as a demo server restarted on its DATA_DIR: the store holds the
  // demo already and is not seeded again (1.4 s of the 1.6 a demo server took to start).
  const seeded = process.env[SEEDED_DEMO];
  if (seeded && options.demo && options.env === undefined && options.announce === undefined) await cp(seeded, dataDir, { recursive: true });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    GRIOT_DEMO: options.demo ? '1' : '0',
    GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
    NODE_ENV: 'test',
    ...options.env,
  });
  const server = await startServer(config, {
    announce: options.announce ?? (() => {}),
    designerDir: options.designerDir ?? DESIGNER_DIST,
    ...(options.now ? { now: options.now } : {}),
  });
  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    url: server.url,
    dataDir,
    admin,
    running: server,
    stop: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with these roles; returns its credentials. */
export async function createUser(server: GriotServer, username: string, roles: string[]): Promise<{ username: string; password: string }> {
  const password = `pw-${username}-0123456789`;
  const answer = await server.admin('POST', '/api/users', { username, displayName: username, password, roles });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`cannot create ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { username, password };
}
