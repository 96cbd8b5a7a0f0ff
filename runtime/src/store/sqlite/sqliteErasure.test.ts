import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallerRecords } from '../../callers/CallerRecords.ts';
import { at, caller, session, transcript } from '../contract/fixtures.ts';
import type { HandoffContact } from '../types.ts';
import { SqliteStore } from './SqliteStore.ts';

const NUMBER = '+2290197000001';
const OTHER = '+2290197000003';
const soon = new Date(Date.now() + 30 * 60_000).toISOString();
const now = () => new Date().toISOString();

describe('SQLite erasure of a caller with many conversations', () => {
  // SQLite refuses a statement with more than 32,766 bound values: a caller who called every day
  // for years through a few linked platform ids must still be erasable, all or nothing.
  it('erases 40,000 conversations and 12,000 linked ids in one go, and keeps another caller’s', async () => {
    const store = new SqliteStore(':memory:');
    const records = new CallerRecords({ store, defaultRegion: 'BJ' });
    const conversations = 40_000;
    const links = 12_000;
    await store.putCaller(caller(NUMBER));
    await Promise.all(
      Array.from({ length: conversations }, (_, i) => {
        const key = `voice:CA${i}`;
        return Promise.all([store.startTranscript(transcript(key, NUMBER, at(i % 1000))), store.putSession({ ...session(key, soon), session: { ...session(key, soon).session, status: 'ended' } })]);
      }),
    );
    await Promise.all(Array.from({ length: links }, (_, i) => store.linkCaller({ key: `telegram:${7_000_000 + i}`, number: NUMBER, verified: true, linkedAt: at(1) })));
    await store.putSession({ ...session('telegram:42:7000001', soon), platformCaller: 'telegram:7000001', linkedNumber: NUMBER });
    await store.putCaller(caller(OTHER));
    await store.putSession({ ...session('voice:OTHER', soon), session: { ...session('voice:OTHER', soon).session, caller: { number: OTHER } } });
    await store.startTranscript(transcript('voice:OTHER', OTHER, at(1)));

    expect(await store.getSession('voice:CA39999', now())).not.toBeNull();

    const erased = await records.erase(NUMBER, 'alice');

    expect(erased).toMatchObject({ transcripts: conversations, sessions: conversations + 1 });
    expect(await store.listTranscripts({ callerNumber: NUMBER, limit: 10 })).toEqual([]);
    expect(await store.getSession('voice:CA39999', now())).toBeNull();
    expect(await store.getSession('telegram:42:7000001', now())).toBeNull();
    expect(await store.listCallerLinks(NUMBER)).toEqual([]);
    expect(await store.getCaller(NUMBER)).toBeNull();
    expect(await store.getSession('voice:OTHER', now())).not.toBeNull();
    expect(await store.listTranscripts({ callerNumber: OTHER, limit: 10 })).toHaveLength(1);
    await store.close();
  }, 120_000);
});

describe('SQLite pending bot turn, once sent or given up', () => {
  it('leaves no copy of the turn it kept in clear in the WAL file a few seconds later', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'griot-bot-turn-wal-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    try {
      const turn = { effects: [{ type: 'say', text: 'Votre code PUK est 80417263.' }], session: { flowId: 'f', turns: 3 }, flow: null };
      await store.putPendingBotTurn({ contactId: 'c-1', sessionKey: 'webchat:b:c', outcome: 'done', tries: 1, nextAt: at(5), createdAt: at(1), turn: { clear: { value: turn } } });
      expect((await readFile(`${path}-wal`)).includes('80417263')).toBe(true);
      await store.deletePendingBotTurn('c-1');
      expect(await store.getPendingBotTurn('c-1')).toBeNull();
      const holding = async () => {
        const found: string[] = [];
        for (const file of [path, `${path}-wal`]) if (existsSync(file) && (await readFile(file)).includes('80417263')) found.push(file);
        return found;
      };
      await expect.poll(holding, { timeout: 10_000 }).toEqual([]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite erasure of a live contact that held a PUK in clear', () => {
  it('leaves no copy of it in the WAL file a few seconds later', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'griot-erase-wal-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    try {
      const key = 'voice:CA-erased';
      await store.putSession({ ...session(key, soon), sensitive: { clear: { puk: '80417263' } } });
      await store.startTranscript(transcript(key, NUMBER, at(1)));
      expect((await readFile(`${path}-wal`)).includes('80417263')).toBe(true);
      await store.eraseConversations([NUMBER], [key]);
      expect(await store.getSession(key, now())).toBeNull();
      await expect.poll(async () => existsSync(`${path}-wal`) && (await readFile(`${path}-wal`)).includes('80417263'), { timeout: 10_000 }).toBe(false);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite masking of a closed contact that kept its values to mask in clear (no GRIOT_DATA_KEY)', () => {
  it('leaves no copy of those values in the WAL file a few seconds later, even when no message held them', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'griot-mask-values-wal-'));
    const path = join(dir, 'griot.db');
    const store = new SqliteStore(path);
    try {
      await store.putHandoffContact({
        id: 'c-closed',
        queue: 'support',
        priority: 1,
        enqueuedAt: at(1),
        channel: 'webchat',
        sessionKey: 'webchat:b:closed',
        callerNumber: '#0123456789ab',
        locale: 'fr',
        reason: 'x',
        context: {},
        history: [],
        status: 'closed',
        closedAt: at(2),
        preview: false,
        updatedAt: at(2),
        maskPending: true,
        maskValues: { clear: { value: ['80417263'] } },
      } as HandoffContact);
      await store.appendHandoffMessage({ id: 'm-1', contactId: 'c-closed', at: at(2), from: 'agent', author: 'awa', text: 'Merci, bonne journée' });
      expect((await readFile(`${path}-wal`)).includes('80417263')).toBe(true);
      expect(await store.maskHandoffMessages('c-closed', ['80417263'])).toBe(0);
      const holding = async () => {
        const found: string[] = [];
        for (const file of [path, `${path}-wal`]) if (existsSync(file) && (await readFile(file)).includes('80417263')) found.push(file);
        return found;
      };
      await expect.poll(holding, { timeout: 10_000 }).toEqual([]);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
