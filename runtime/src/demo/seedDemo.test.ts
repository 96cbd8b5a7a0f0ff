import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseFlow, withRowIds, type Flow } from '@griot/flows';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createServices, type AppServices } from '../services.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { DEMO_FLOW_PATH, seedDemo } from './seedDemo.ts';

let root: string;
let store: SqliteStore;
let services: AppServices;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'griot-seed-demo-'));
  store = new SqliteStore(join(root, 'griot.db'));
  const config = loadConfig({ DATA_DIR: join(root, 'data'), GRIOT_DEMO: '1', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  services = createServices({ config, store, logger: createLogger(config) });
});
afterEach(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

const rowIds = (flow: Flow) => ({
  tests: flow.tests.map((t) => t.id),
  mappings: flow.nodes.flatMap((n) => (n.type === 'http' ? n.responseMapping.map((m) => m.id) : [])),
});

it('stores the demo with its rows’ ids, the ones an editor gave them from their content: nothing to hash at each open', async () => {
  expect(await seedDemo(services, services.ctx.logger)).toBe('seeded');
  const draft = await store.getDraft('selfcare-1919');
  const version = await store.getVersion('selfcare-1919', 1);
  const document = draft?.document as Flow;
  expect(document.tests.length).toBeGreaterThan(20);
  // The editor's `withRowIds` at open finds every row with its id (before: 36 test cases and the mappings hashed, each open).
  expect(withRowIds(document)).toBe(document);
  // The ids every editor gave the example before it was stored with them: drafts and merges of older tabs still agree.
  const bundled = JSON.parse(await readFile(DEMO_FLOW_PATH, 'utf8'));
  const parsed = parseFlow(bundled);
  if (!parsed.ok) throw new Error('the bundled example does not parse');
  expect(rowIds(document)).toEqual(rowIds(withRowIds(parsed.flow)));
  expect(rowIds(version?.document as Flow)).toEqual(rowIds(document));
});
