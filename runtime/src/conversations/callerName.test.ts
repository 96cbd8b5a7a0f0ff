import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import { captureLogs, movableClock, openTestStore, publishFlow, selfCareFlow, startOperatorBackend, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

/**
 * The name a subscriber gave their account on a platform reaches the engine from any connector (`ConversationPort`):
 * the session keeps it as agents may read it, whatever the connector cleaned.
 */
let backend: OperatorBackend;
let dir: string;
let store: Store;
let service: ConversationService;
let clock: ReturnType<typeof movableClock>;

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(() => backend.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-caller-name-'));
  store = await openTestStore(dir);
  clock = movableClock();
  service = new ConversationService({
    metrics: uncountedStoreFailures,
    store,
    logger: captureLogs().logger,
    clock: clock.now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
  });
  await publishFlow(store, selfCareFlow());
});
afterEach(async () => {
  await service.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const KEY = 'whatsapp:100000000000001:2290197000001';
const stored = async () => (await store.getSession(KEY, clock.now().toISOString()))?.callerName;

describe('the account name a connector hands over', () => {
  it('is kept without direction controls nor line breaks, and bounded, at the start and on a rename', async () => {
    await service.start({
      key: KEY,
      channel: 'whatsapp',
      flow: { flowId: 'selfcare', source: 'production' },
      callerNumber: '+2290197000001',
      preview: false,
      callerName: '\u202Eecivres\u202C\nGriot',
    });
    expect(await stored()).toBe('ecivres Griot');
    await service.handle(KEY, { type: 'digits', digits: '1' }, { callerName: `\u2067${'😀'.repeat(300)}` });
    const renamed = await stored();
    expect(Array.from(renamed ?? '')).toHaveLength(256);
    expect(renamed).toBe('😀'.repeat(256));
    // A name of controls only is no name: the one kept stays.
    // (A key the menu does not offer: it asks again, the contact goes on.)
    await service.handle(KEY, { type: 'digits', digits: '9' }, { callerName: '\u202E\u2066' });
    expect(await stored()).toBe('😀'.repeat(256));
  });
});
