import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ledgerContract } from '@griot/connectors/messaging/ledgerContract';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createLogger } from '../logger.ts';
import { parseDataKeys, type DataKeyring } from './dataKeys.ts';
import { sealedLedger } from './sealedLedger.ts';

const keyring = (id: string, previous?: string): DataKeyring => {
  const parsed = parseDataKeys(`${id}:${randomBytes(32).toString('base64')}`, previous);
  if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
  return parsed.keyring;
};
const silent = createLogger({ logLevel: 'silent' } as never);
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

// Sealing changes nothing a channel sees: the whole ledger contract holds through it.
ledgerContract('sealed over SQLite', () => sealedLedger(new SqliteStore(':memory:').messaging, keyring('k1'), silent));

describe('sealed messaging ledger', () => {
  it('keeps what a subscriber wrote and the replies of a turn out of the store in clear, and gives them back', async () => {
    const store = new SqliteStore(':memory:');
    const ledger = sealedLedger(store.messaging, keyring('k1'), silent);
    const lease = { owner: 'one', until: later(1) };
    await ledger.recordInbound([{ id: 'whatsapp:A', channel: 'whatsapp', conversationKey: 'whatsapp:1:2', payload: { text: 'my PIN 4321' }, receivedAt: new Date().toISOString(), lease }]);
    await ledger.holdInbound('whatsapp:A', lease, { progress: { replies: ['Votre code PUK est 11223344'] } });

    const raw = JSON.stringify(await store.messaging.dueInbound(later(2), 10));
    expect(raw).not.toContain('4321');
    expect(raw).not.toContain('11223344');
    expect(raw).toContain('A256GCM');

    const [opened] = await ledger.dueInbound(later(2), 10);
    expect(opened).toMatchObject({ payload: { text: 'my PIN 4321' }, progress: { replies: ['Votre code PUK est 11223344'] } });
  });

  it('treats a payload sealed under a key no longer configured as absent, without throwing', async () => {
    const store = new SqliteStore(':memory:');
    await sealedLedger(store.messaging, keyring('old'), silent).recordInbound([
      { id: 'whatsapp:B', channel: 'whatsapp', conversationKey: 'whatsapp:1:2', payload: { text: 'hello' }, receivedAt: new Date().toISOString() },
    ]);
    const [record] = await sealedLedger(store.messaging, keyring('new'), silent).dueInbound(later(1), 10);
    expect(record).toBeDefined();
    expect(record).not.toHaveProperty('payload');
  });
});
