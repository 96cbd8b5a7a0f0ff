import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestServer } from './helpers/testServer.ts';

/**
 * A web chat outbox an older Griot wrote (before the live part existed) keeps the replies as sent:
 * a PUK code the bot wrote, an agent's words. The first start of this version masks their codes,
 * and leaves what is already kept masked as it is.
 */
describe('a web chat outbox written by an older version', () => {
  it('has its codes masked at the next start', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const at = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const key = 'webchat:outbox:b-1:conversation-1';
    const legacy = {
      next: 3,
      entries: [
        { id: 'e1', seq: 1, kind: 'turn', at, key: 'turn:m1', replies: [{ type: 'text', text: 'Votre code PUK est : 24 68 13 57.' }] },
        { id: 'e2', seq: 2, kind: 'push', at, key: 'agent:c1:r1', replies: [{ type: 'text', text: 'Awa : votre PUK est 80417263' }] },
        {
          id: 'e3',
          seq: 3,
          kind: 'turn',
          at,
          key: 'turn:m2',
          replies: [{ type: 'choice', presentation: 'buttons', body: 'Autre chose ?', options: [{ id: 'o1', key: '1', label: 'Oui' }], listButtonLabel: 'Choisir', node: 'more' }],
        },
      ],
    };
    expect(await first.store.channelStates.putChannelState({ key, value: legacy, expiresAt }, 0, at)).toBe(true);
    await first.stop({ keepData: true });

    const second = await startTestServer({ dataDir });
    try {
      const texts = async () => JSON.stringify((await second.store.channelStates.getChannelState(key, new Date().toISOString()))?.value);
      await expect.poll(texts, { timeout: 10_000, interval: 200 }).toContain('Votre code PUK est : •••.');
      const value = (await second.store.channelStates.getChannelState(key, new Date().toISOString()))!;
      expect(value.expiresAt).toBe(expiresAt);
      expect(value.value).toEqual({
        ...legacy,
        entries: [
          { ...legacy.entries[0], replies: [{ type: 'text', text: 'Votre code PUK est : •••.' }] },
          { ...legacy.entries[1], replies: [{ type: 'text', text: 'Awa : votre PUK est •••' }] },
          legacy.entries[2],
        ],
      });
      const base = join(dataDir, 'griot.db');
      const holding = async () => {
        const found: string[] = [];
        for (const path of [base, `${base}-wal`]) if (existsSync(path) && (await readFile(path)).includes('80417263')) found.push(path);
        return found;
      };
      await expect.poll(holding, { timeout: 8000, interval: 250 }).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 30_000);
});
