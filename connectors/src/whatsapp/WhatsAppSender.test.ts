import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlowCommitLedger } from '../messaging/testing/SlowCommitLedger.ts';
import { GraphClient } from './GraphClient.ts';
import { startFakeGraphServer, type FakeGraphServer } from './testing/fakeGraphServer.ts';
import { WhatsAppSender, type OutboundBatch } from './WhatsAppSender.ts';

let graph: FakeGraphServer;
beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'token' });
});
afterAll(() => graph.close());

const batch = (causeId: string): OutboundBatch => ({
  phoneNumberId: '100000000000001',
  to: '2290197000001',
  conversationKey: 'whatsapp:100000000000001:2290197000001',
  causeId,
  messages: [{ type: 'text', text: { body: 'Votre code PUK est masqué ici.' } }],
  lastInboundAt: new Date().toISOString(),
});

describe('WhatsAppSender across a crash', () => {
  it('sends nothing to Graph until the "may have gone" record is committed, so a process killed meanwhile never sends it twice', async () => {
    const ledger = new SlowCommitLedger();
    const client = new GraphClient({ baseUrl: graph.url, version: 'v21.0', accessToken: 'token', timeoutMs: 2_000, retries: 0, backoff: { baseMs: 1, maxMs: 5 } });
    const sender = new WhatsAppSender({ graph: client, ledger });
    try {
      const before = graph.count.received;
      const sending = sender.send(batch('wamid.crash-1'));
      await expect.poll(() => ledger.uncommitted, { timeout: 5_000, interval: 5 }).toBeGreaterThan(0);
      // The record is not committed yet: a kill -9 now must find Graph without the message.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(graph.count.received - before).toBe(0);
      ledger.commit();
      const committing = setInterval(() => ledger.commit(), 5);
      try {
        expect(await sending).toMatchObject({ outcome: 'replied', sent: 1 });
      } finally {
        clearInterval(committing);
      }
      expect(graph.count.received - before).toBe(1);
      // Processed anew (the restarted process): the key is known, nothing goes again.
      const again = sender.send(batch('wamid.crash-1'));
      expect(await again).toMatchObject({ sent: 0, alreadySent: 1 });
      expect(graph.count.received - before).toBe(1);
    } finally {
      client.close();
    }
  });
});
