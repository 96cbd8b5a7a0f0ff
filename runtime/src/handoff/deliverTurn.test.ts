import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplyNotDeliveredError, type BotTurn } from '@griot/connectors';
import type { ConversationService } from '../conversations/ConversationService.ts';
import type { TurnOutput } from '../conversations/types.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import type { HandoffContact, Store } from '../store/types.ts';
import type { AgentReplySender, ReplyTarget } from './AgentReplySender.ts';
import { HandoffService } from './HandoffService.ts';

let dataDir: string;
let store: Store;

const service = (s: Store, options: { retryMs?: number[] } = {}) =>
  new HandoffService({
    store: s,
    logger: createLogger({ logLevel: 'silent' }),
    now: () => new Date().toISOString(),
    newId: () => 'unused',
    defaultTimezone: 'Africa/Porto-Novo',
    botTurnRetryMs: options.retryMs ?? [20, 20],
  });

let handoff: HandoffService;

const contact = {
  id: 'contact-1',
  channel: 'webchat',
  sessionKey: 'webchat:site:7f3c2a10-0000-4000-a000-000000000001',
  callerNumber: 'webchat:visitor',
  locale: 'fr',
  queue: 'support-fr',
  status: 'closed',
} as HandoffContact;
const turn = { status: 'ok', effects: [{ type: 'say', text: 'Que puis-je faire d’autre pour vous ?' }], session: { flowId: 'selfcare-1919', turns: 4 } } as unknown as TurnOutput;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-deliver-turn-'));
  store = await openStore({ dataDir });
  await store.putHandoffContact({ ...contact, enqueuedAt: new Date().toISOString(), priority: 1, reason: 'r', context: {}, history: [], preview: false, updatedAt: new Date().toISOString() });
  handoff = service(store);
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A web chat whose outbox cannot be written `failures` times (its store full or locked), then takes the turn. */
function channel(failures: number, reason: ConstructorParameters<typeof ReplyNotDeliveredError>[0] = 'platformUnavailable') {
  const delivered: string[] = [];
  let tries = 0;
  const sender = {
    sendAgentText: async () => {},
    async sendBotTurn(to: ReplyTarget, sent: BotTurn) {
      tries += 1;
      if (tries <= failures) throw new ReplyNotDeliveredError(reason, 'the web chat could not keep the reply for the visitor: SQLITE_FULL');
      delivered.push(`${to.sessionKey}#${sent.session.turns}:${(sent.effects[0] as { text: string }).text}`);
    },
  } as AgentReplySender;
  return { sender, delivered, tries: () => tries };
}

/** An engine whose session waits for the agent until the handoff's outcome runs (once it ran, it no longer does). */
function engine() {
  let waiting = true;
  let runs = 0;
  const fake = {
    async waitsForAgent() {
      return waiting;
    },
    async handle() {
      runs += 1;
      waiting = false;
      return turn;
    },
  } as unknown as ConversationService;
  return { fake, runs: () => runs };
}

describe('the bot’s turn after a release', () => {
  it('reaches the user when the channel takes it on a later try, not lost after the first failure, and is then no longer kept', async () => {
    const web = channel(2);
    handoff.useReplySender(web.sender, 'webchat');
    await handoff.deliverTurn(contact, turn);
    await expect.poll(() => web.delivered, { timeout: 4000 }).toEqual([`${contact.sessionKey}#4:Que puis-je faire d’autre pour vous ?`]);
    expect(web.tries()).toBe(3);
    await expect.poll(() => store.getPendingBotTurn(contact.id)).toBeNull();
  });

  it('is never tried again when the channel says it will never go', async () => {
    const gone = channel(100, 'recipientUnavailable');
    handoff.useReplySender(gone.sender, 'webchat');
    await handoff.deliverTurn(contact, turn);
    expect([gone.tries(), gone.delivered, await store.getPendingBotTurn(contact.id)]).toEqual([1, [], null]);
  });

  it('is kept in the store while its channel is down, and a new process (another instance) runs and sends it, once', async () => {
    // The first process: its engine runs the turn but the channel is down, and it stops before its next try.
    const down = channel(100);
    const first = service(store, { retryMs: [3_600_000] });
    first.useReplySender(down.sender, 'webchat');
    const firstEngine = engine();
    first.attach(firstEngine.fake);
    await first.runBotTurn(contact, 'done');
    expect(firstEngine.runs()).toBe(1);
    const kept = await store.getPendingBotTurn(contact.id);
    expect(kept).toMatchObject({ contactId: contact.id, tries: 1, turn: expect.anything() });
    // Due again: two new instances' recovery passes at the same instant; one sends it, the engine does not run again.
    await store.putPendingBotTurn({ ...kept!, nextAt: new Date(Date.now() - 1000).toISOString() });
    const web = channel(0);
    const [a, b] = [service(store), service(store)];
    const laterEngine = engine();
    for (const instance of [a, b]) {
      instance.useReplySender(web.sender, 'webchat');
      instance.attach(laterEngine.fake);
    }
    const counts = await Promise.all([a.resendBotTurns(new Date()), b.resendBotTurns(new Date())]);
    expect(counts.reduce((n, c) => n + c.sent, 0)).toBe(1);
    expect(web.delivered).toEqual([`${contact.sessionKey}#4:Que puis-je faire d’autre pour vous ?`]);
    expect(laterEngine.runs()).toBe(0);
    expect(await store.getPendingBotTurn(contact.id)).toBeNull();
  });

  it('is run by the recovery pass when the process stopped before the engine ran it, and not run twice', async () => {
    const now = new Date().toISOString();
    await store.putPendingBotTurn({ contactId: contact.id, sessionKey: contact.sessionKey, outcome: 'done', tries: 0, nextAt: now, createdAt: now });
    const web = channel(0);
    const [a, b] = [service(store), service(store)];
    const shared = engine();
    for (const instance of [a, b]) {
      instance.useReplySender(web.sender, 'webchat');
      instance.attach(shared.fake);
    }
    await Promise.all([a.resendBotTurns(new Date()), b.resendBotTurns(new Date())]);
    expect(shared.runs()).toBe(1);
    expect(web.delivered).toHaveLength(1);
    expect(await store.getPendingBotTurn(contact.id)).toBeNull();
  });

  it('that failed in the engine is not kept: the recovery pass neither gives it up nor runs it after the goodbye', async () => {
    const web = channel(0);
    handoff.useReplySender(web.sender, 'webchat');
    let runs = 0;
    handoff.attach({
      async waitsForAgent() {
        return true;
      },
      async handle() {
        runs += 1;
        throw new Error('the flow could not be loaded');
      },
    } as unknown as ConversationService);
    await expect(handoff.runBotTurn(contact, 'done')).rejects.toThrow('the flow could not be loaded');
    expect(await store.getPendingBotTurn(contact.id)).toBeNull();
    // Later, even once due: nothing left to give up or to run.
    expect(await handoff.resendBotTurns(new Date(Date.now() + 3_600_000))).toEqual({ sent: 0, givenUp: 0, deferred: 0 });
    expect([runs, web.delivered]).toEqual([1, []]);
  });

  describe('with a PUK code in its prompt, and no GRIOT_DATA_KEY', () => {
    const withPuk = {
      ...turn,
      effects: [{ type: 'say', node: 'puk', locale: 'fr', text: 'Votre code PUK est 80417263.', redacted: 'Votre code PUK est •••.' }],
    } as unknown as TurnOutput;

    it('is kept in the store with the code masked while its channel is down: another instance then sends it masked', async () => {
      const down = channel(100);
      const first = service(store, { retryMs: [3_600_000] });
      first.useReplySender(down.sender, 'webchat');
      await first.deliverTurn(contact, withPuk);
      const kept = await store.getPendingBotTurn(contact.id);
      expect(JSON.stringify(kept)).not.toContain('80417263');
      expect(JSON.stringify(kept)).toContain('Votre code PUK est •••.');
      await store.putPendingBotTurn({ ...kept!, nextAt: new Date(Date.now() - 1000).toISOString() });
      const web = channel(0);
      const other = service(store);
      other.useReplySender(web.sender, 'webchat');
      await other.resendBotTurns(new Date());
      expect(web.delivered).toEqual([`${contact.sessionKey}#4:Votre code PUK est •••.`]);
    });

    it('is sent as it ran by this process’s own later try', async () => {
      const web = channel(1);
      handoff.useReplySender(web.sender, 'webchat');
      await handoff.deliverTurn(contact, withPuk);
      await expect.poll(() => web.delivered, { timeout: 4000 }).toEqual([`${contact.sessionKey}#4:Votre code PUK est 80417263.`]);
      await expect.poll(() => store.getPendingBotTurn(contact.id)).toBeNull();
    });
  });
});
