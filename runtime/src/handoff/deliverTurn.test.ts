import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplyNotDeliveredError, type BotTurn } from '@griot/connectors';
import type { TurnOutput } from '../conversations/types.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import type { HandoffContact, Store } from '../store/types.ts';
import type { AgentReplySender, ReplyTarget } from './AgentReplySender.ts';
import { HandoffService } from './HandoffService.ts';

let dataDir: string;
let store: Store;
let handoff: HandoffService;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-deliver-turn-'));
  store = await openStore({ dataDir });
  handoff = new HandoffService({
    store,
    logger: createLogger({ logLevel: 'silent' }),
    now: () => new Date().toISOString(),
    newId: () => 'unused',
    defaultTimezone: 'Africa/Porto-Novo',
    botTurnRetryMs: [20, 20],
  });
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const contact = { id: 'contact-1', channel: 'webchat', sessionKey: 'webchat:site:7f3c2a10-0000-4000-a000-000000000001', callerNumber: 'webchat:visitor', locale: 'fr' } as HandoffContact;
const turn = { effects: [{ type: 'say', text: 'Que puis-je faire d’autre pour vous ?' }], session: { flowId: 'selfcare-1919', turns: 4 } } as unknown as TurnOutput;

/** A web chat whose outbox cannot be written `failures` times (its store full or locked), then takes the turn. */
function channel(failures: number, reason: ConstructorParameters<typeof ReplyNotDeliveredError>[0] = 'platformUnavailable') {
  const delivered: string[] = [];
  let tries = 0;
  const sender = {
    sendAgentText: async () => {},
    async sendBotTurn(to: ReplyTarget, sent: BotTurn) {
      tries += 1;
      if (tries <= failures) throw new ReplyNotDeliveredError(reason, 'the web chat could not keep the reply for the visitor: SQLITE_FULL');
      delivered.push(`${to.sessionKey}#${sent.session.turns}`);
    },
  } as AgentReplySender;
  return { sender, delivered, tries: () => tries };
}

describe('the bot’s turn after a release', () => {
  it('reaches the user when the channel takes it on a later try, not lost after the first failure', async () => {
    const web = channel(2);
    handoff.useReplySender(web.sender, 'webchat');
    await handoff.deliverTurn(contact, turn);
    await expect.poll(() => web.delivered, { timeout: 4000 }).toEqual([`${contact.sessionKey}#4`]);
    expect(web.tries()).toBe(3);
  });

  it('is tried a bounded number of times, and never again when the channel says it will never go', async () => {
    const gone = channel(100, 'recipientUnavailable');
    handoff.useReplySender(gone.sender, 'webchat');
    const down = channel(100);
    handoff.useReplySender(down.sender, 'telegram');
    await handoff.deliverTurn(contact, turn);
    await handoff.deliverTurn({ ...contact, channel: 'telegram', sessionKey: 'telegram:bot:42' }, turn);
    // Once the Telegram turn's tries are over (past the waits the web chat's would have had), no more come.
    await expect.poll(() => down.tries(), { timeout: 4000 }).toBe(3);
    expect([down.tries(), gone.tries(), down.delivered, gone.delivered]).toEqual([3, 1, [], []]);
  });
});
