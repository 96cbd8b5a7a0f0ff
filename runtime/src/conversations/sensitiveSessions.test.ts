import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store, TurnWrite } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import { parseDataKeys, type DataKeyring } from '../sensitive/dataKeys.ts';
import { captureLogs, movableClock, openTestStore, publishFlow, selfCareFlow, startOperatorBackend, type OperatorBackend, uncountedStoreFailures } from './testSupport.ts';

/**
 * The engine keeps a session's sensitive variables apart (sealed with the data key) while the
 * contact lives, and the turn that ends it, whatever ends it, stores the session without them.
 */
const NUMBER = '+2290197000001';
const CODE = '55501234';
const KEY = 'whatsapp:100000000000001:2290197000001';

function keyring(id: string): DataKeyring {
  const parsed = parseDataKeys(`${id}:${randomBytes(32).toString('base64')}`, undefined);
  if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
  return parsed.keyring;
}

let backend: OperatorBackend;
let dir: string;
let store: Store;
let logs: ReturnType<typeof captureLogs>;
let service: ConversationService;
const clock = movableClock();

const newService = (keys: DataKeyring | undefined) =>
  new ConversationService({
    metrics: uncountedStoreFailures,
    store,
    logger: logs.logger,
    clock: clock.now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => backend.target,
    vault: new SessionVault(keys, logs.logger),
  });

/** A WhatsApp subscriber types their secret code (a sensitive `pin`) and is back at the menu. */
async function typeSecretCode(): Promise<void> {
  await service.start({ key: KEY, channel: 'whatsapp', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: '2290197000001', preview: false, locale: 'fr' });
  await service.handle(KEY, { type: 'digits', digits: '1' });
  await service.handle(KEY, { type: 'digits', digits: '2' });
  const typed = await service.handle(KEY, { type: 'text', text: CODE });
  if (typed.status === 'missing') throw new Error('session missing');
  expect(typed.session.wait?.node).toBe('menu');
}
const stored = async (key = KEY) => store.getSession(key, clock.now().toISOString());

beforeAll(async () => {
  backend = await startOperatorBackend();
});
afterAll(() => backend.close());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-sensitive-'));
  store = await openTestStore(dir);
  logs = captureLogs();
  service = newService(keyring('k1'));
  await publishFlow(store, selfCareFlow());
});
afterEach(async () => {
  await service.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sensitive variables of a conversation', () => {
  it('are stored sealed while the contact lives, and the flow still has them', async () => {
    await typeSecretCode();
    const record = await stored();
    expect(record?.session.vars).not.toHaveProperty('pin');
    expect(record?.sensitive).toMatchObject({ alg: 'A256GCM', kid: 'k1' });
    expect(JSON.stringify(record)).not.toContain(CODE);
    expect((await service.peek(KEY))?.record.session.vars.pin).toBe(CODE);
  });

  it.each([
    ['inactivity', (s: ConversationService) => s.end(KEY, 'inactivity')],
    ['an agent closing the contact', (s: ConversationService) => s.end(KEY, 'agentClosed')],
    ['a hang-up', (s: ConversationService) => s.end(KEY, 'hangup')],
    [
      'the subscriber starting over',
      (s: ConversationService) => s.start({ key: KEY, channel: 'whatsapp', flow: { flowId: 'selfcare', source: 'production' }, callerNumber: '2290197000001', preview: false }),
    ],
    [
      'the flow ending',
      async (s: ConversationService) => {
        await s.handle(KEY, { type: 'digits', digits: '9' });
        await s.handle(KEY, { type: 'digits', digits: '9' });
        return s.handle(KEY, { type: 'digits', digits: '9' });
      },
    ],
  ])('are gone from the stored session in the turn that ends it: %s', async (_how, endIt) => {
    await typeSecretCode();
    const writes: TurnWrite[] = [];
    const saveTurn = store.saveTurn.bind(store);
    vi.spyOn(store, 'saveTurn').mockImplementation(async (write) => {
      writes.push(structuredClone(write));
      return saveTurn(write);
    });
    await endIt(service);
    // The write that closes the transcript carries the session already without them: one unit of work.
    const ending = writes.find((w) => w.end !== undefined);
    expect(ending?.session.session.status).toBe('ended');
    expect(ending?.session).not.toHaveProperty('sensitive');
    expect(JSON.stringify(ending)).not.toContain(CODE);
    expect(JSON.stringify(await stored())).not.toContain(CODE);
  });

  it('are absent, not fatal, when the data key changed since they were sealed', async () => {
    await typeSecretCode();
    service = newService(keyring('k2'));
    const after = await service.handle(KEY, { type: 'digits', digits: '2' });
    expect(after.status).toBe('ok');
    expect((await service.peek(KEY))?.record.session.vars).not.toHaveProperty('pin');
    expect(logs.lines.some((line) => line.includes('"session.sensitiveUnreadable"') && line.includes('"kid":"k1"'))).toBe(true);
    expect(logs.lines.join('')).not.toContain(CODE);
  });

  it('never reach the caller’s profile, even declared persist (lint refuses that; an older version may have it)', async () => {
    const flow = selfCareFlow();
    await publishFlow(store, { ...flow, variables: flow.variables.map((v) => (v.name === 'pin' ? { ...v, persist: true } : v)) });
    await typeSecretCode();
    await service.end(KEY, 'hangup');
    const profile = await store.getCaller(NUMBER);
    expect(profile?.preferredLocale).toBe('fr');
    expect(profile?.variables).not.toHaveProperty('pin');
    expect(JSON.stringify(await store.dump())).not.toContain(CODE);
  });

  it('stay sealed when a conversation is carried over to another channel', async () => {
    await typeSecretCode();
    const from = (await stored())!;
    const current = (await service.peek(KEY))!.record.session;
    await service.carryOver(from, current, { key: 'voice-carried', channel: 'voice', bindingId: 'b1' });
    const carried = await stored('voice-carried');
    expect(carried?.sensitive).toMatchObject({ kid: 'k1' });
    expect(JSON.stringify(carried)).not.toContain(CODE);
    expect((await service.peek('voice-carried'))?.record.session.vars.pin).toBe(CODE);
  });
});
