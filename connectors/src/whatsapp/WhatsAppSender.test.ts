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

/** A wamid as Meta writes them: base64 of a small protobuf that holds the subscriber's number. */
const REAL_WAMID = `wamid.${Buffer.from('\x1c\x18\x0d2290197000001\x15\x02\x00\x12\x18\x143A6B0F2C9D1E4A7B8C5D').toString('base64')}`;

describe('WhatsAppSender logs', () => {
  const logged = () => {
    const lines: string[] = [];
    const record = (details: object, message?: string) => lines.push(JSON.stringify([details, message]));
    return { lines, logger: { info: record, warn: record, error: record, debug: record } satisfies ChannelLogger };
  };
  /** Neither the number nor the message id that encodes it (a wamid's base64 decodes to the number). */
  const expectNoNumber = (lines: string[]) => {
    expect(lines.join('\n')).not.toContain('2290197000001');
    expect(lines.join('\n')).not.toContain(REAL_WAMID.slice('wamid.'.length, 'wamid.'.length + 16));
  };

  it('outside the 24-hour window, says nothing was sent without the subscriber’s number (a digest of it instead)', async () => {
    const { lines, logger } = logged();
    const client = new GraphClient({ baseUrl: graph.url, version: 'v21.0', accessToken: 'token', timeoutMs: 2_000, retries: 0, backoff: { baseMs: 1, maxMs: 5 } });
    const sender = new WhatsAppSender({ graph: client, ledger: new MemoryLedger(), logger });
    try {
      const late = { ...batch(REAL_WAMID), lastInboundAt: new Date(Date.now() - 25 * 3_600_000).toISOString() };
      expect(await sender.send(late)).toMatchObject({ outcome: 'skipped', sent: 0 });
      expect(lines.join('\n')).toContain('outside the 24-hour window');
      expect(lines.join('\n')).toMatch(/whatsapp:#[0-9a-f]{10}:#[0-9a-f]{10}/);
      expectNoNumber(lines);
    } finally {
      client.close();
    }
  });

  it('a reply Graph could not take is logged without the wamid that encodes the number', async () => {
    const { lines, logger } = logged();
    // Nothing listens there: Graph is unreachable, the send fails.
    const unreachable = await startFakeGraphServer({ accessToken: 'token' });
    const url = unreachable.url;
    await unreachable.close();
    const client = new GraphClient({ baseUrl: url, version: 'v21.0', accessToken: 'token', timeoutMs: 2_000, retries: 0, backoff: { baseMs: 1, maxMs: 5 } });
    const sender = new WhatsAppSender({ graph: client, ledger: new MemoryLedger(), logger });
    try {
      expect(await sender.send(batch(REAL_WAMID))).toMatchObject({ outcome: 'failed' });
      expect(lines.join('\n')).toContain('WhatsApp send failed');
      expectNoNumber(lines);
    } finally {
      client.close();
    }
  });
});
