import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { at, caller, session } from '../store/contract/fixtures.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { startClusterJobs, type ClusterJobs } from './clusterJobs.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioBytes, storedAudio } from '../store/contract/audioContract.ts';
import { createFlow } from '../store/contract/fixtures.ts';
import { audioUsageIn } from '../audio/audioUsage.ts';
import { removeSupersededTakes, SUPERSEDED_TAKE_GRACE_MS } from '../audio/removeSupersededTakes.ts';
import { HandoffService } from '../handoff/HandoffService.ts';
import { createLogger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { sqliteCutUpload } from '../store/sqlite/testing/sqliteCutUpload.ts';
import { sqliteStoredText } from '../store/sqlite/testing/sqliteStoredText.ts';

const running: ClusterJobs[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((j) => j.stop()));
});

/** Ticks every job of one instance by hand (their timers are ten seconds apart). */
const tickAll = (jobs: ClusterJobs) => Promise.all(jobs.jobs.map((job) => job.tick()));

describe('the timed jobs of an instance', () => {
  it('removes expired sessions within a minute, and old profiles at start and at the hourly purge', async () => {
    const store = new SqliteStore(':memory:');
    let now = new Date(at(10));
    // A chat that went quiet: expired at minute 30, with what it fetched still in the row.
    await store.putSession({ ...session('whatsapp:quiet', at(30)), sensitive: { clear: { puk: '80417263' } } });
    await store.putSession(session('voice:live', at(90)));
    await store.putCaller(caller('+2290197000009', at(-400 * 24 * 60)));
    // A stopped instance's sign of life, a turn answered again for jambonz's retry, a live instance's.
    await store.leases.acquireLease('instance:gone', 'gone', at(11), at(0));
    await store.leases.acquireLease('answered:voice:CA1:3', 'b:1', at(20), at(10));
    await store.leases.acquireLease('instance:live', 'live', at(40), at(10));
    // « Dupliquer »'s copies: one made (its id released), one whose process died, one still writing.
    await store.leases.acquireLease('copy:welcome-copy', 'a:1#x', at(11), at(10));
    await store.leases.releaseLease('copy:welcome-copy', 'a:1#x');
    await store.leases.acquireLease('copy:welcome-copy2', 'gone:1#y', at(20), at(10));
    await store.leases.acquireLease('copy:welcome-copy3', 'live:1#z', at(40), at(10));
    const jobs = startClusterJobs({
      store,
      logger: captureLogs().logger,
      holder: 'a',
      cluster: { jobLeaseMs: 30_000 },
      retentionDays: 365,
      analytics: { rawRetentionDays: 90, retentionDays: 730 },
      purgeArchivedFlows: async () => [],
      clock: () => now,
    });
    running.push(jobs);
    try {
      await tickAll(jobs);
      expect(await store.getCaller('+2290197000009')).toBeNull(); // the first run, at start
      await store.putCaller(caller('+2290197000008', at(-400 * 24 * 60)));
      now = new Date(at(31));
      await tickAll(jobs);
      expect((await store.dump()).sessions.map((s) => s.key)).toEqual(['voice:live']);
      // Lapsed leases named after what came and went are gone; the one still held stays.
      expect(await store.leases.getLease('instance:gone')).toBeNull();
      expect(await store.leases.getLease('answered:voice:CA1:3')).toBeNull();
      expect(await store.leases.getLease('instance:live')).toMatchObject({ holder: 'live' });
      expect(await store.leases.getLease('copy:welcome-copy')).toBeNull();
      expect(await store.leases.getLease('copy:welcome-copy2')).toBeNull();
      expect(await store.leases.getLease('copy:welcome-copy3')).toMatchObject({ holder: 'live:1#z', until: at(40) });
      // Profiles wait for the hourly run.
      expect(await store.getCaller('+2290197000008')).not.toBeNull();
      now = new Date(at(71));
      await tickAll(jobs);
      expect(await store.getCaller('+2290197000008')).toBeNull();
    } finally {
      await jobs.stop();
      running.splice(0);
      await store.close();
    }
  });

  it('deletes what an upload cut short left, hourly, on a server that neither restarts nor gets an upload', async () => {
    const store = new SqliteStore(':memory:');
    const start = Date.now();
    let now = new Date(start);
    const jobs = startClusterJobs({
      store,
      logger: captureLogs().logger,
      holder: 'a',
      cluster: { jobLeaseMs: 30_000 },
      retentionDays: 365,
      analytics: { rawRetentionDays: 90, retentionDays: 730 },
      purgeArchivedFlows: async () => [],
      clock: () => now,
    });
    running.push(jobs);
    const leftover = () => sqliteStoredText(store).then((text) => text.split('\n').filter((line) => line.startsWith('audio_uploads: cut-')).length);
    try {
      await tickAll(jobs);
      // A process sharing the file killed mid-upload, after this one started: two parts no file names.
      await sqliteCutUpload(store, new Date(start));
      now = new Date(start + 30 * 60_000);
      await tickAll(jobs);
      expect(await leftover()).toBe(1);
      now = new Date(start + 61 * 60_000);
      await tickAll(jobs);
      expect(await leftover()).toBe(0);
    } finally {
      await jobs.stop();
      running.splice(0);
      await store.close();
    }
  });

  it('removes a superseded take once, a week after it was found unnamed, with two instances sharing the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-jobs-'));
    const path = join(dir, 'griot.db');
    const stores = [new SqliteStore(path), new SqliteStore(path)] as const;
    let now = new Date(at(0));
    await createFlow(stores[0], 'hello');
    const content = audioBytes(100);
    await stores[0].audio.putAudio({ ...storedAudio('hello', 'fr/bye-2.wav', content, at(-60 * 24 * 60)), takeOf: 'fr/bye.wav' }, content);
    const removed: string[] = [];
    const instances = stores.map((store, i) =>
      startClusterJobs({
        store,
        logger: captureLogs().logger,
        holder: `instance-${i}`,
        cluster: { jobLeaseMs: 30_000 },
        retentionDays: 365,
        analytics: { rawRetentionDays: 90, retentionDays: 730 },
        purgeArchivedFlows: async () => [],
        removeSupersededTakes: async (at) => {
          const gone = await removeSupersededTakes(store, audioUsageIn(store), at);
          removed.push(...gone.map((g) => g.name));
          return gone;
        },
        clock: () => now,
      }),
    );
    running.push(...instances);
    try {
      await Promise.all(instances.map(tickAll));
      const holding = instances.map((jobs) => jobs.jobs.find((j) => j.name === 'audio-takes')?.holding());
      expect(holding.filter(Boolean)).toHaveLength(1);
      const [first, other] = holding[0] ? [0, 1] : [1, 0];
      expect(await stores[other]!.audio.getAudioInfo('hello', 'fr/bye-2.wav')).toMatchObject({ unnamedSince: at(0) });
      // The instance running the job stops; the other takes over and keeps the week.
      await instances[first]!.stop();
      now = new Date(Date.parse(at(0)) + SUPERSEDED_TAKE_GRACE_MS - 60_000);
      await tickAll(instances[other]!);
      await tickAll(instances[other]!);
      expect(await stores[other]!.audio.getAudioInfo('hello', 'fr/bye-2.wav')).not.toBeNull();
      now = new Date(Date.parse(at(0)) + SUPERSEDED_TAKE_GRACE_MS + 61 * 60_000);
      await tickAll(instances[other]!);
      expect(removed).toEqual(['fr/bye-2.wav']);
      expect(await stores[0].audio.getAudioInfo('hello', 'fr/bye-2.wav')).toBeNull();
    } finally {
      await Promise.all(instances.map((jobs) => jobs.stop()));
      running.splice(0);
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops masking a large backlog of closed contacts between two batches when the instance stops: the rest is left for the next run', async () => {
    const store = new SqliteStore(':memory:');
    const now = new Date().toISOString();
    for (let i = 0; i < 250; i++) {
      await store.putHandoffContact({
        id: `old-${i}`,
        queue: 'support',
        priority: 1,
        enqueuedAt: now,
        channel: 'whatsapp',
        sessionKey: `whatsapp:100:${i}`,
        callerNumber: '+22997000001',
        locale: 'fr',
        reason: 'Assistance',
        context: {},
        history: [],
        status: 'closed',
        closedAt: now,
        agent: 'awa',
        preview: false,
        updatedAt: now,
        maskPending: true,
      });
      await store.appendHandoffMessage({ id: `m-${i}`, contactId: `old-${i}`, at: now, from: 'agent', author: 'awa', text: 'Votre code PUK est 58203917' });
    }
    // The instance is told to stop (SIGTERM) while the masking reads its first batch.
    let jobs: ClusterJobs | undefined;
    let stopping: Promise<void> | undefined;
    const stoppingDuringTheRun = Object.create(store) as Store;
    stoppingDuringTheRun.listHandoffContactsToMask = (limit) => {
      stopping ??= jobs!.stop();
      return store.listHandoffContactsToMask(limit);
    };
    const handoff = new HandoffService({
      store: stoppingDuringTheRun,
      logger: createLogger({ logLevel: 'silent' }),
      now: () => new Date().toISOString(),
      newId: () => 'unused',
      defaultTimezone: 'Africa/Porto-Novo',
    });
    jobs = startClusterJobs({
      store,
      logger: captureLogs().logger,
      holder: 'a',
      cluster: { jobLeaseMs: 30_000 },
      retentionDays: 365,
      analytics: { rawRetentionDays: 90, retentionDays: 730 },
      purgeArchivedFlows: async () => [],
      maskClosedContacts: (shouldGoOn) => handoff.maskLeftOver(100, shouldGoOn),
    });
    try {
      await expect.poll(() => stopping !== undefined).toBe(true);
      await stopping;
      // One batch masked, the rest still marked for the next holder.
      expect(await store.listHandoffContactsToMask(1000)).toHaveLength(150);
    } finally {
      await jobs.stop();
      await store.close();
    }
  });
});
