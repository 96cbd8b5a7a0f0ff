import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createServices, type AppServices } from '../src/services.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { bootstrapAdmin } from '../src/auth/bootstrapAdmin.ts';
import { seedDemo } from '../src/demo/seedDemo.ts';

/**
 * Two instances starting at the same moment on an empty store (issue 18, point 8): their start-up
 * steps interleave exactly, here, with two instances' services on one store. (Two real processes
 * starting at once are in test/twoInstances.test.ts, where the timing is the machine's.)
 */
let root: string;
let store: SqliteStore;
let instances: AppServices[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'griot-first-start-'));
  store = new SqliteStore(join(root, 'griot.db'));
  instances = ['a', 'b'].map((name) => {
    const config = loadConfig({ DATA_DIR: join(root, `data-${name}`), GRIOT_DEMO: '1', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    return createServices({ config, store, logger: createLogger(config) });
  });
});
afterEach(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

describe('a first start of two instances at once', () => {
  it('creates the first admin once; the other instance takes it as done and shows no password', async () => {
    const shown: string[] = [];
    const created = await Promise.all(instances.map((services) => bootstrapAdmin(services.ctx, (text) => shown.push(text))));
    expect(created.sort()).toEqual([false, true]);
    expect(shown).toHaveLength(1);
    expect((await store.listUsers()).map((u) => u.username)).toEqual(['admin']);
    expect((await store.listAudit({ limit: 10 })).filter((e) => e.action === 'user.create')).toHaveLength(1);
  });

  it('seeds the demo once; the other instance takes it as seeded', async () => {
    const outcomes = await Promise.all(instances.map((services) => seedDemo(services, services.ctx.logger)));
    expect(outcomes.sort()).toEqual(['seeded', 'storeNotEmpty']);
    expect((await store.listFlows()).map((f) => f.id)).toEqual(['selfcare-1919']);
    expect(await store.listVersions('selfcare-1919')).toHaveLength(1);
    expect((await store.listBindings()).map((b) => b.channel).sort()).toEqual(['ussd', 'voice', 'whatsapp']);
  });
});
