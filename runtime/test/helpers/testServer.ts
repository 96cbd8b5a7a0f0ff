import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.ts';
import { apiClient, type ApiClient } from './http.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Client authenticated with GRIOT_ADMIN_TOKEN. */
  admin: ApiClient;
  anonymous: ApiClient;
  /** What the server printed for people (the one-time admin password). */
  announcements: string[];
  /** Closes the server; removes the data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'griot-test-'));
}

/** The real server on 127.0.0.1, port 0, with a real SQLite store in a temporary DATA_DIR. */
export async function startTestServer(options: { dataDir?: string; env?: Record<string, string>; start?: StartOptions } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    GRIOT_DEMO: '0',
    GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
    NODE_ENV: 'test',
    // No drain on stop (production's default is 10 s), unless a test asks for one.
    GRIOT_DRAIN_SECONDS: '0',
    ...options.env,
  });
  const announcements: string[] = [];
  const server = await startServer(config, { announce: (text) => announcements.push(text), designerDir: join(dataDir, 'no-designer'), ...options.start });
  return {
    ...server,
    dataDir,
    admin: apiClient(server.url, { token: ADMIN_TOKEN }),
    anonymous: apiClient(server.url),
    announcements,
    async stop(stopOptions = {}) {
      await server.close();
      if (!stopOptions.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with these roles and returns a client logged in as them (cookie session). */
export async function userWithRoles(server: TestServer, username: string, roles: string[]): Promise<ApiClient> {
  const password = 'correct horse battery';
  const created = await server.admin.post('/api/users', { username, password, roles });
  if (created.status !== 201) throw new Error(`could not create ${username}: ${JSON.stringify(created.body)}`);
  const login = await server.anonymous.post('/api/auth/login', { username, password });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 200 || !cookie) throw new Error(`could not log in as ${username}`);
  return apiClient(server.url, { cookie });
}
