import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
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

describe('WhatsAppSender outside the 24-hour window', () => {
  it('logs that nothing was sent without the subscriber’s number (a digest of it instead)', async () => {
    const lines: string[] = [];
    const record = (details: object, message?: string) => lines.push(JSON.stringify([details, message]));
    const logger: ChannelLogger = { info: record, warn: record, error: record, debug: record };
    const client = new GraphClient({ baseUrl: graph.url, version: 'v21.0', accessToken: 'token', timeoutMs: 2_000, retries: 0, backoff: { baseMs: 1, maxMs: 5 } });
    const sender = new WhatsAppSender({ graph: client, ledger: new MemoryLedger(), logger });
    try {
      const late = { ...batch('wamid.late-1'), lastInboundAt: new Date(Date.now() - 25 * 3_600_000).toISOString() };
      expect(await sender.send(late)).toMatchObject({ outcome: 'skipped', sent: 0 });
      expect(lines.join('\n')).toContain('outside the 24-hour window');
      expect(lines.join('\n')).not.toContain('2290197000001');
      expect(lines.join('\n')).toMatch(/whatsapp:#[0-9a-f]{10}:#[0-9a-f]{10}/);
    } finally {
      client.close();
    }
  });
});
