import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@griot/flows';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import { maskAmounts, maskLegacyOutboxes } from './maskLegacyOutboxes.ts';
import { sealedChannelStates } from './sealedChannelStates.ts';

describe('amounts in a web chat outbox an older version wrote', () => {
  it.each([
    ['Votre solde est de 23 517 FCFA.', 'Votre solde est de ••• FCFA.'],
    ['Awa : il vous reste 1 500 F CFA de crédit', 'Awa : il vous reste ••• F CFA de crédit'],
    ['Solde Mobile Money : 50.000', 'Solde Mobile Money : •••'],
    ['Votre crédit: 750', 'Votre crédit: •••'],
    ['Montant envoyé : 12 500 francs à Koffi', 'Montant envoyé : ••• francs à Koffi'],
    ['Your balance is XOF 2,300.50 today', 'Your balance is XOF ••• today'],
    ['You sent $45 to Ama', 'You sent $••• to Ama'],
    ['Il reste 3 000F sur votre compte', 'Il reste •••F sur votre compte'],
  ])('masks « %s »', (text, masked) => {
    expect(maskAmounts(text)).toBe(masked);
  });

  it.each([
    'Choisissez 1, 2 ou 3.',
    'Rendez-vous le 05/12/2026 à 10:30.',
    'Notre agence est ouverte de 8 h à 17 h.',
    'Forfait 2 Go : tapez 2.',
    'Choisissez : 1 pour votre code PUK, 2 pour votre solde crédit et internet, 3 pour Mobile Money.',
  ])('leaves « %s »', (text) => {
    expect(maskAmounts(text)).toBe(text);
  });
});

describe('the one-off pass over outboxes an older version wrote', () => {
  it("masks the live session's sensitive values, codes and amounts in legacy entries, and leaves this version's entries", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'griot-legacy-outbox-'));
    const store = await openStore({ dataDir });
    try {
      const now = () => new Date().toISOString();
      const states = sealedChannelStates(store.channelStates, undefined, now, createLogger({ logLevel: 'silent' }));
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const text = (t: string) => [{ type: 'text', text: t }];
      const entries = [
        { id: 'e1', seq: 1, kind: 'push', at: now(), key: 'agent:c1:r1', replies: text('Votre solde est de 23 517 FCFA, dernier envoi à Porto-Novo Supplies.') },
        { id: 'e2', seq: 2, kind: 'turn', at: now(), key: 'turn:m1', replies: text('Votre code PUK est : 2 4 6 8 1 3 5 7.') },
        { id: 'e3', seq: 3, kind: 'turn', at: now(), key: 'turn:m2', replies: text('Votre commande 4815162342 : 12 500 FCFA.'), v: 2 },
      ];
      expect(await store.channelStates.putChannelState({ key: 'webchat:outbox:b-1:conv-1', value: { next: 4, entries } as unknown as JsonValue, expiresAt }, 0, now())).toBe(true);
      const asked: string[] = [];
      const valuesOf = async (sessionKey: string) => {
        asked.push(sessionKey);
        return ['Porto-Novo Supplies'];
      };

      expect(await maskLegacyOutboxes(store.channelStates, states, now, valuesOf)).toEqual({ outboxes: 1, rewritten: 1, finished: false });

      expect(asked).toEqual(['webchat:b-1:conv-1']);
      const kept = (await states.get('webchat:outbox:b-1:conv-1'))?.value as { entries: { replies: { text: string }[]; v?: number }[] };
      expect(kept.entries.map((e) => [e.replies[0]?.text, e.v])).toEqual([
        ['Votre solde est de ••• FCFA, dernier envoi à •••.', 2],
        ['Votre code PUK est : •••.', 2],
        ['Votre commande 4815162342 : 12 500 FCFA.', 2],
      ]);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
