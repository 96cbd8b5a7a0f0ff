import { existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../runtime/src/config.ts';
import { startServer, type RunningServer } from '../../../runtime/src/server.ts';
import { SEEDED_DEMO } from './seededDemo.ts';

export const ADMIN_TOKEN = 'designer-test-admin-token-0123456789';
export const DESIGNER_DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/** Variables the demo's seed does not read (it reads those of the SMS, Telegram and Messenger channels, to bind them). */
const SEED_IGNORES = new Set(['JAMBONZ_WEBHOOK_SECRET', 'GRIOT_SESSION_TTL_MINUTES']);

export interface GriotServer {
  url: string;
  dataDir: string;
  /** JSON call with the admin token. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The server's own services and store (to hand a call over to the agents as the engine does). */
  running: RunningServer;
  stop(): Promise<void>;
}

type GriotOptions = { demo?: boolean; env?: Record<string, string>; announce?: (text: string) => void; designerDir?: string; now?: () => string };

/**
 * The real Griot server on 127.0.0.1:0 with a temporary DATA_DIR, serving the built designer.
 * `announce` receives what the server prints for people (the first admin's one-time password);
 * `now`, the services' clock (a test moves it rather than wait out a delay in real time).
 */
export async function startGriot(options: GriotOptions = {}): Promise<GriotServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'griot-designer-'));
  // A demo server asked nothing the seed depends on (no first admin's password to show, only
  // variables the seed does not read) starts on a copy of the run's seeded one, as a demo server
  // restarted on its DATA_DIR: the store holds the demo already and is not seeded again (1.4 s of
  // the 1.6 a demo server took to start).
  const seeded = process.env[SEEDED_DEMO];
  const seedAlike = Object.keys(options.env ?? {}).every((name) => SEED_IGNORES.has(name));
  if (seeded && options.demo && seedAlike && options.announce === undefined) await cp(await seededDemo(seeded), dataDir, { recursive: true });
  const server = await serve(dataDir, options);
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

/** This worker's seeded demo data directory under `root`, seeded by the first call (written aside, then renamed: whole or absent). */
async function seededDemo(root: string): Promise<string> {
  const dir = join(root, `worker-${process.env.VITEST_POOL_ID ?? '1'}`);
  if (existsSync(dir)) return dir;
  const seeding = `${dir}.seeding`;
  await rm(seeding, { recursive: true, force: true });
  const server = await serve(seeding, { demo: true });
  await server.close();
  await rename(seeding, dir);
  return dir;
}

function serve(dataDir: string, options: GriotOptions): Promise<RunningServer> {
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
  return startServer(config, {
    announce: options.announce ?? (() => {}),
    designerDir: options.designerDir ?? DESIGNER_DIST,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Creates a user with these roles; returns its credentials. */
export async function createUser(server: GriotServer, username: string, roles: string[]): Promise<{ username: string; password: string }> {
  const password = `pw-${username}-0123456789`;
  const answer = await server.admin('POST', '/api/users', { username, displayName: username, password, roles });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`cannot create ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { username, password };
}
