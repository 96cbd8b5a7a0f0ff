import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpLink, type JambonzLink } from '@griot/connectors/voice/testing';
import { startGriotProcess, type GriotProcess } from './griotProcess.ts';
import { apiClient, type ApiClient } from './http.ts';

export const TWO_INSTANCES_ADMIN_TOKEN = 'two-instances-admin-token-0123456789';
export const TWO_INSTANCES_JAMBONZ_SECRET = 'two-instances-jambonz-secret';

export interface Instance {
  name: 'a' | 'b';
  /** Its own DATA_DIR (audio, until step 12 moves it into the store). */
  dataDir: string;
  process: GriotProcess;
  url: string;
  /** Authenticated with the shared GRIOT_ADMIN_TOKEN. */
  admin: ApiClient;
}

export interface TwoInstances {
  a: Instance;
  b: Instance;
  /** The one SQLite database both use (GRIOT_SQLITE_PATH), unless MONGODB_URI was set for the tests. */
  sqlitePath: string;
  /** The environment both were started with (each adds its own DATA_DIR). */
  env: Record<string, string>;
  /** Stops (SIGTERM) then restarts one instance with the same settings (failover tests). */
  restart(name: 'a' | 'b', extraEnv?: Record<string, string>): Promise<Instance>;
  /** Stops both and removes their directories and the database. */
  stop(): Promise<void>;
}

/**
 * Two real Griot processes (`griot serve`, spawned like test/messaging.crash.test.ts), each with
 * its own DATA_DIR, on one SQLite database (GRIOT_SQLITE_PATH): what two instances behind a load
 * balancer share is the store and nothing else. Both start at the same moment (a first start of
 * two instances on an empty database). Issue 16's suite builds on this.
 */
export async function startTwoInstances(options: { env?: Record<string, string> } = {}): Promise<TwoInstances> {
  const root = await mkdtemp(join(tmpdir(), 'griot-two-instances-'));
  const sqlitePath = join(root, 'shared', 'griot.db');
  // With MONGODB_URI set for the tests, both share a fresh database of that server instead (issue 16:
  // the same suite on MongoDB); it is dropped by `stop`. Not run here: no MongoDB server.
  const mongoUri = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, `griot_two_${randomUUID().slice(0, 8)}`) : undefined;
  const env: Record<string, string> = {
    ...(mongoUri ? { MONGODB_URI: mongoUri } : { GRIOT_SQLITE_PATH: sqlitePath }),
    GRIOT_ADMIN_TOKEN: TWO_INSTANCES_ADMIN_TOKEN,
    JAMBONZ_WEBHOOK_SECRET: TWO_INSTANCES_JAMBONZ_SECRET,
    GRIOT_DEMO: '0',
    ...options.env,
  };
  const launch = async (name: 'a' | 'b', extra: Record<string, string> = {}): Promise<Instance> => {
    const dataDir = join(root, `data-${name}`);
    const process = await startGriotProcess({ ...env, ...extra, DATA_DIR: dataDir });
    return { name, dataDir, process, url: process.url, admin: apiClient(process.url, { token: TWO_INSTANCES_ADMIN_TOKEN }) };
  };
  const started = await Promise.allSettled([launch('a'), launch('b')]);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.process.stop() : undefined)));
    await rm(root, { recursive: true, force: true });
    throw failed.reason;
  }
  const instances = {
    a: (started[0] as PromiseFulfilledResult<Instance>).value,
    b: (started[1] as PromiseFulfilledResult<Instance>).value,
  };
  return {
    get a() {
      return instances.a;
    },
    get b() {
      return instances.b;
    },
    sqlitePath,
    env,
    async restart(name, extraEnv = {}) {
      await instances[name].process.stop();
      instances[name] = await launch(name, extraEnv);
      return instances[name];
    },
    async stop() {
      await Promise.all([instances.a.process.stop(), instances.b.process.stop()]);
      if (mongoUri) await dropDatabase(mongoUri);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * jambonz behind a load balancer that is not sticky: each webhook of a call goes to the
 * instance `route` picks (by kind and hook path: `/jambonz/call`, `/jambonz/gather`,
 * `/jambonz/continue?round=1`, `/jambonz/status`), signed with the shared secret.
 */
export function balancedJambonzLink(
  pair: Pick<TwoInstances, 'a' | 'b'>,
  route: (kind: 'call' | 'verb:hook' | 'session:redirect' | 'status', hook: string) => 'a' | 'b',
): JambonzLink & { routed: Array<{ hook: string; to: 'a' | 'b' }> } {
  const routed: Array<{ hook: string; to: 'a' | 'b' }> = [];
  const linkTo = (name: 'a' | 'b') => httpLink(pair[name].url, { secret: TWO_INSTANCES_JAMBONZ_SECRET });
  const via = (kind: 'call' | 'verb:hook' | 'session:redirect' | 'status', hook: string) => {
    const to = route(kind, hook);
    routed.push({ hook, to });
    return linkTo(to);
  };
  return {
    transport: 'http',
    routed,
    newCall: (payload) => via('call', '/jambonz/call').newCall(payload),
    hook: (kind, hook, payload) => via(kind, hook).hook(kind, hook, payload),
    nextCommand: () => Promise.reject(new Error('webhooks have no pushed commands')),
    status: (payload) => via('status', '/jambonz/status').status(payload),
    close() {},
  };
}

/** `uri` naming database `name` instead of its own (hosts, credentials and options kept). */
export function withDatabase(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// or mongodb+srv:// URI');
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

async function dropDatabase(uri: string): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(uri);
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}
