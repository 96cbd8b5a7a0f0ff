import type Database from 'better-sqlite3';
import { DUMP_PAGE_ROWS, pagedRows } from '../dumpedPages.ts';
import type { AnalyticsCounter, AnalyticsDump, CounterGroup, CounterQuery, CounterSum, FactBatch } from '../types.ts';
import { CounterFold, coverPeriod, foldBatches, METRICS } from '../analyticsCounters.ts';
import { batchesOfRow, factRow, manyRow } from './factRow.ts';
import { PositionalBatch } from '../factRuns.ts';

/**
 * Migration 8. Raw facts are one row per batch (a turn's facts, an agent-queue change), written
 * with the turn in the same savepoint; the roll-up folds rows past its watermark into counters
 * later, in batches, so a turn pays for one small insert rather than a dozen upserts.
 * Sequence numbers must only grow for the watermark to stay right: the purge never removes the
 * newest row (SQLite gives the next row the largest number + 1), which costs less than
 * AUTOINCREMENT's extra write per insert. No index on `at` either (one page fewer written per
 * turn): facts are appended in time order, so a time is found by a binary search on `seq`.
 * `data` is the batch without its time and flow, in `factRow.ts`'s positional form (rows written
 * before it hold the batch as a JSON object, and are read as such); since the fifteenth pass of
 * issue 14, a write of many turns' facts is one row per flow (`manyRow`, form 3: each batch after
 * its time's offset from `at`, the first batch's), so `at` is the earliest a row may hold only
 * within `ROW_SPAN_MS`.
 */
export const ANALYTICS_SCHEMA = `
  CREATE TABLE analytics_facts (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    data TEXT NOT NULL
  );

  -- version -1 is a draft. The key leads with what every query fixes: the bucket, the flow, the metric.
  CREATE TABLE analytics_counters (
    bucket TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    start TEXT NOT NULL,
    key TEXT NOT NULL,
    detail TEXT NOT NULL,
    version INTEGER NOT NULL,
    environment TEXT NOT NULL,
    channel TEXT NOT NULL,
    locale TEXT NOT NULL,
    traffic TEXT NOT NULL,
    count INTEGER NOT NULL,
    sum REAL NOT NULL,
    max REAL NOT NULL,
    PRIMARY KEY (bucket, flow_id, metric, start, key, detail, version, environment, channel, locale, traffic)
  ) WITHOUT ROWID;
  -- Agent-queue figures span flows.
  CREATE INDEX analytics_counters_metric ON analytics_counters (bucket, metric, start);
  -- The roll-up's watermark and the caller-hash key.
  CREATE TABLE analytics_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

interface CounterRow {
  bucket: 'hour' | 'day';
  flow_id: string;
  metric: string;
  start: string;
  key: string;
  detail: string;
  version: number;
  environment: string;
  channel: string;
  locale: string;
  traffic: string;
  count: number;
  sum: number;
  max: number;
}

/** A fact row as read: its time and flow, and the rest of the batch (`factRow.ts`). */
interface FactRow {
  at: string;
  flow_id: string;
  data: string;
}

const versionColumn = (version: number | null) => version ?? -1;

function counterOf(r: CounterRow): AnalyticsCounter {
  return {
    bucket: r.bucket,
    start: r.start,
    flowId: r.flow_id,
    metric: r.metric,
    key: r.key,
    detail: r.detail,
    version: r.version === -1 ? null : r.version,
    environment: r.environment,
    channel: r.channel as AnalyticsCounter['channel'],
    locale: r.locale,
    traffic: r.traffic as AnalyticsCounter['traffic'],
    count: r.count,
    sum: r.sum,
    max: r.max,
  };
}

/** The SQL of each way to group, and the field it fills. */
const GROUP_SQL: Record<CounterGroup, string> = {
  hour: 'start',
  day: "substr(start, 1, 10) || 'T00:00:00.000Z'",
  metric: 'metric',
  key: 'key',
  detail: 'detail',
  flowId: 'flow_id',
  version: 'version',
  environment: 'environment',
  channel: 'channel',
  locale: 'locale',
  traffic: 'traffic',
};

const WATERMARK = 'rolledUpTo';
/**
 * How many batches this process wrote are folded together: a turn's batch folded alone meets
 * the counters' maps cold after the rest of the turn ran; a few dozen in a row fold in half the
 * time, and are still young when they are dropped (tens of ms of turns at a saturated engine).
 */
const FOLD_EVERY = 64;
const CALLER_KEY = 'callerKey';
/** The most batches one row holds (`insertMany`): a row of a typical turn's ≈ 300 characters each stays under 100 kB. */
export const ROW_BATCHES = 256;
/**
 * A row's batches are at most this much later than its `at` (a write of facts that waited for a
 * failing store splits its rows by time): what a search by time starts that much earlier for.
 */
export const ROW_SPAN_MS = 60_000;

/** Raw facts, counters and the roll-up between them. */
const COUNTER_KEY = 'bucket, flow_id, metric, start, key, detail, version, environment, channel, locale, traffic';

/**
 * The facts and counters as `dump()` gives them, `size` rows per call from `reader` (a backup's
 * snapshot): facts by `seq` (the rowid), counters by their primary key (a row value compared with
 * the last page's end, a search of that key): each page reads its rows and no more. Empty once all are read.
 */
export function analyticsPages(reader: Database.Database, size: number): { facts: () => FactBatch[]; counters: () => AnalyticsCounter[] } {
  const facts = reader.prepare<[number, number], FactRow & { seq: number }>('SELECT seq, at, flow_id, data FROM analytics_facts WHERE seq > ? ORDER BY seq LIMIT ?');
  const firstCounters = reader.prepare<[number], CounterRow>(`SELECT * FROM analytics_counters ORDER BY ${COUNTER_KEY} LIMIT ?`);
  const nextCounters = reader.prepare<[...Array<string | number>], CounterRow>(
    `SELECT * FROM analytics_counters WHERE (${COUNTER_KEY}) > (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ORDER BY ${COUNTER_KEY} LIMIT ?`,
  );
  let lastFact = 0;
  let lastCounter: CounterRow | null = null;
  return {
    facts: () => {
      for (;;) {
        const rows = facts.all(lastFact, size);
        if (rows.length === 0) return [];
        lastFact = rows.at(-1)!.seq;
        // A page of rows holding no batch (none is written so) must not end the list early.
        const batches = rows.flatMap((row) => batchesOfRow(row.data, row.at, row.flow_id));
        if (batches.length > 0) return batches;
      }
    },
    counters: () => {
      const c = lastCounter;
      const rows = c ? nextCounters.all(c.bucket, c.flow_id, c.metric, c.start, c.key, c.detail, c.version, c.environment, c.channel, c.locale, c.traffic, size) : firstCounters.all(size);
      lastCounter = rows.at(-1) ?? lastCounter;
      return rows.map(counterOf);
    },
  };
}

export function createAnalyticsTables(db: Database.Database) {
  const insertFact = db.prepare<[string, string, string]>('INSERT INTO analytics_facts (at, flow_id, data) VALUES (?, ?, ?)');
  const selectState = db.prepare<[string], string>('SELECT value FROM analytics_state WHERE name = ?').pluck();
  const upsertState = db.prepare<[string, string]>('INSERT INTO analytics_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
  const keepState = db.prepare<[string, string]>('INSERT INTO analytics_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const selectPending = db.prepare<[number, number], FactRow & { seq: number }>('SELECT seq, at, flow_id, data FROM analytics_facts WHERE seq > ? ORDER BY seq LIMIT ?');
  const selectPendingSeqs = db.prepare<[number, number], number>('SELECT seq FROM analytics_facts WHERE seq > ? ORDER BY seq LIMIT ?').pluck();
  const selectFact = db.prepare<[number], FactRow>('SELECT at, flow_id, data FROM analytics_facts WHERE seq = ?');
  // Positional parameters: the roll-up binds one per counter, and naming them costs a lookup each.
  const addCounter = db.prepare<[string, string, string, string, string, string, number, string, string, string, string, number, number, number]>(`
    INSERT INTO analytics_counters (bucket, flow_id, metric, start, key, detail, version, environment, channel, locale, traffic, count, sum, max)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (bucket, flow_id, metric, start, key, detail, version, environment, channel, locale, traffic)
    DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum, max = MAX(max, excluded.max)`);
  const purgeFactsBelow = db.prepare<[number, number]>(
    'DELETE FROM analytics_facts WHERE seq IN (SELECT seq FROM analytics_facts WHERE seq < ? AND seq < (SELECT MAX(seq) FROM analytics_facts) ORDER BY seq LIMIT ?)',
  );
  // A row of many batches (`manyRow`: `[3, ms, row, …]`) counts as each of them.
  const countBatchesBelow = db
    .prepare<[number, number], number>(
      "SELECT COALESCE(SUM(CASE WHEN substr(data, 1, 3) = '[3,' THEN (json_array_length(data) - 1) / 2 ELSE 1 END), 0) FROM (SELECT data FROM analytics_facts WHERE seq < ? AND seq < (SELECT MAX(seq) FROM analytics_facts) ORDER BY seq LIMIT ?)",
    )
    .pluck();
  const seqFrom = db.prepare<[number], { seq: number; at: string }>('SELECT seq, at FROM analytics_facts WHERE seq >= ? ORDER BY seq LIMIT 1');
  const seqBounds = db.prepare<[], { low: number | null; high: number | null }>('SELECT MIN(seq) AS low, MAX(seq) AS high FROM analytics_facts');

  /** The first sequence number whose fact is at or after `at` (past the last one when none is). */
  function firstSeqAt(at: string): number {
    const { low, high } = seqBounds.get()!;
    if (low === null || high === null) return 0;
    let lo = low;
    let hi = high + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = seqFrom.get(mid);
      if (!row || row.at >= at) hi = mid;
      else lo = row.seq + 1;
    }
    return lo;
  }
  const purgeCountersBefore = db.prepare<[string, string, string]>('DELETE FROM analytics_counters WHERE bucket = ? AND metric = ? AND start < ?');
  const selectAllFacts = db.prepare<[], FactRow>('SELECT at, flow_id, data FROM analytics_facts ORDER BY seq');
  const selectAllCounters = db.prepare<[], CounterRow>('SELECT * FROM analytics_counters ORDER BY bucket, flow_id, metric, start, key, detail, version, environment, channel, locale, traffic');
  const maxSeq = db.prepare<[], number | null>('SELECT MAX(seq) FROM analytics_facts').pluck();

  const watermark = () => Number(selectState.get(WATERMARK) ?? 0);
  /**
   * What this process wrote since its last roll-up, folded soon after it was written: the sequence
   * numbers (rising: each insert takes the largest + 1) and their counters. The roll-up adds
   * these counters when it finds every one of these rows still past the watermark, and reads and
   * parses only the rows of other instances; the batches are kept only until FOLD_EVERY of them
   * are folded together (or the roll-up comes first), so a turn's facts still die young: one
   * batch folded alone after its turn took 5.4 µs in the facts bench, 64 in a row 2.5 µs each
   * (issue 14, seventh pass). Its writers build a batch per turn or change and never touch it again.
   * `null` after a write was rolled back or the store restored (a number may then belong to
   * another row): the roll-up reads every row, as it does after a restart, until it has counted
   * them all (the batches not folded yet are dropped with the rest).
   */
  const freshOwn = () => ({ seqs: [] as number[], fold: new CounterFold(), pending: [] as FactBatch[] });
  /** Folds the batches written since the last fold; `counters()` of what this process wrote. */
  const ownCounters = (mine: ReturnType<typeof freshOwn>): AnalyticsCounter[] => {
    foldPending(mine);
    return mine.fold.counters();
  };
  const foldPending = (mine: ReturnType<typeof freshOwn>) => {
    for (const batch of mine.pending) mine.fold.fold(batch);
    mine.pending.length = 0;
  };
  let own: ReturnType<typeof freshOwn> | null = freshOwn();
  const erasedCaller = db.prepare<[string], number>('SELECT 1 FROM erased_callers WHERE digest = ?').pluck();
  const anyErased = db.prepare<[], number>('SELECT 1 FROM erased_callers LIMIT 1').pluck();
  /** `given`, without its caller's digest when that caller was erased meanwhile, by any instance (migration 26): in this same transaction. */
  const unerased = (given: FactBatch): FactBatch => {
    if (typeof given.caller !== 'string' || erasedCaller.get(given.caller) === undefined) return given;
    // A turn's batch keeps its form (its row, its text): a copy would lose them.
    if (given instanceof PositionalBatch) {
      given.caller = null;
      return given;
    }
    return { ...given, caller: null };
  };
  /** This process wrote row `seq` with `batches`: folded soon, and counted by the roll-up without reading the row back. */
  const wrote = (seq: number, batches: readonly FactBatch[]) => {
    if (!own) return;
    // Bounded: folding may stop (another instance folds, or nobody does for a long while).
    if (own.seqs.length >= 200_000) own = null;
    else {
      own.seqs.push(seq);
      for (const batch of batches) own.pending.push(batch);
      if (own.pending.length >= FOLD_EVERY) foldPending(own);
    }
  };
  const insert = (given: FactBatch) => {
    const batch = unerased(given);
    wrote(Number(insertFact.run(batch.at, batch.flowId, factRow(batch)).lastInsertRowid), [batch]);
  };
  /** Writes one flow's batches as rows of up to ROW_BATCHES, each spanning at most ROW_SPAN_MS, in order. */
  const insertRows = (group: FactBatch[]) => {
    // The engine's batches carry their time as a number: no parsing back of `at` per batch.
    const times = group.map((batch) => (batch instanceof PositionalBatch ? batch.ms : Date.parse(batch.at)));
    for (let from = 0; from < group.length; ) {
      let earliest = from;
      let low = times[from]!;
      let high = low;
      let to = from + 1;
      for (; to < group.length && to - from < ROW_BATCHES; to += 1) {
        const time = times[to]!;
        // A batch without a valid time goes alone (its insert fails, as it should: `at` is required).
        if (Number.isNaN(time) || Number.isNaN(low) || Math.max(high, time) - Math.min(low, time) > ROW_SPAN_MS) break;
        if (time < low) {
          low = time;
          earliest = to;
        } else if (time > high) high = time;
      }
      if (to - from === 1) insert(group[from]!);
      else {
        const first = group[earliest]!;
        wrote(Number(insertFact.run(first.at, first.flowId, manyRow(group, times, from, to, low)).lastInsertRowid), group.slice(from, to));
      }
      from = to;
    }
  };
  /**
   * Many batches (a write of queued turns' facts): a row per flow of up to ROW_BATCHES of them
   * (`manyRow`) instead of a row each, so one insert and one text for many turns.
   */
  const insertMany = (batches: readonly FactBatch[]) => {
    if (batches.length === 1) {
      insert(batches[0]!);
      return;
    }
    // Most files list no erased caller: then one look for the whole write, not one per caller's batch.
    const erasures = anyErased.get() !== undefined;
    const byFlow = new Map<string, FactBatch[]>();
    for (const given of batches) {
      const batch = erasures ? unerased(given) : given;
      const group = byFlow.get(batch.flowId);
      if (group === undefined) byFlow.set(batch.flowId, [batch]);
      else group.push(batch);
    }
    for (const group of byFlow.values()) insertRows(group);
  };
  const putCounter = (c: AnalyticsCounter) =>
    addCounter.run(c.bucket, c.flowId, c.metric, c.start, c.key, c.detail, versionColumn(c.version), c.environment, c.channel, c.locale, c.traffic, c.count, c.sum, c.max);
  const parsed = (row: FactRow) => batchesOfRow(row.data, row.at, row.flow_id);

  /** Whether every one of `mine` (rising) is in `seqs` (rising). */
  const within = (mine: number[], seqs: number[]): boolean => {
    let i = 0;
    for (const seq of mine) {
      while (i < seqs.length && seqs[i]! < seq) i += 1;
      if (seqs[i] !== seq) return false;
    }
    return true;
  };

  // One immediate transaction: of two instances on one file, the second waits and starts after the first's watermark.
  const rollUp = db.transaction((limit: number): number => {
    const from = watermark();
    const mine = own;
    // This process's rows count as one whatever their number (their counters are folded already); `limit` bounds the rows read.
    const seqs = selectPendingSeqs.all(from, (mine?.seqs.length ?? 0) + limit);
    if (seqs.length === 0) {
      own = freshOwn();
      return 0;
    }
    if (mine && within(mine.seqs, seqs)) {
      const lastMine = mine.seqs.length > 0 ? seqs.indexOf(mine.seqs[mine.seqs.length - 1]!, mine.seqs.length - 1) : -1;
      const last = Math.max(lastMine, Math.min(seqs.length, limit) - 1);
      const others: FactBatch[] = [];
      let m = 0;
      for (let i = 0; i <= last; i += 1) {
        if (m < mine.seqs.length && mine.seqs[m] === seqs[i]) m += 1;
        else for (const batch of parsed(selectFact.get(seqs[i]!)!)) others.push(batch);
      }
      for (const counter of ownCounters(mine)) putCounter(counter);
      if (others.length > 0) for (const counter of foldBatches(others)) putCounter(counter);
      upsertState.run(WATERMARK, String(seqs[last]));
      own = freshOwn();
      return last + 1;
    }
    // Some of this process's rows are gone or counted already: every row is read, up to `limit`.
    // Rows of many batches (`manyRow`): read until `limit` batches, whole rows.
    const batches: FactBatch[] = [];
    let rows = 0;
    let lastSeq = from;
    for (const row of selectPending.iterate(from, limit) as IterableIterator<FactRow & { seq: number }>) {
      for (const batch of parsed(row)) batches.push(batch);
      rows += 1;
      lastSeq = row.seq;
      if (batches.length >= limit) break;
    }
    for (const counter of foldBatches(batches)) putCounter(counter);
    upsertState.run(WATERMARK, String(lastSeq));
    // All counted: what this process writes from now on is folded as it is written again.
    own = rows < limit && batches.length < limit ? freshOwn() : null;
    return rows;
  });

  function sum(query: CounterQuery): CounterSum[] {
    if (query.metrics.length === 0) return [];
    const byHour = query.groupBy.includes('hour');
    const cover = coverPeriod(query.from, query.to);
    if (cover.from >= cover.to) return [];
    const ranges: Array<['hour' | 'day', string, string]> = byHour
      ? [['hour', cover.from, cover.to]]
      : [...(cover.days ? [['day', ...cover.days] as ['day', string, string]] : []), ...cover.hours.map(([a, b]) => ['hour', a, b] as ['hour', string, string])];
    const filters: string[] = [`metric IN (${query.metrics.map(() => '?').join(', ')})`];
    const filterArgs: Array<string | number> = [...query.metrics];
    if (query.flowId !== undefined) {
      filters.push('flow_id = ?');
      filterArgs.push(query.flowId);
    }
    if (query.versions) {
      if (query.versions.length === 0) return [];
      filters.push(`version IN (${query.versions.map(() => '?').join(', ')})`);
      filterArgs.push(...query.versions.map(versionColumn));
    }
    if (query.environment !== undefined) {
      filters.push('environment = ?');
      filterArgs.push(query.environment);
    }
    if (query.channel !== undefined) {
      filters.push('channel = ?');
      filterArgs.push(query.channel);
    }
    if (query.locale !== undefined) {
      filters.push('locale = ?');
      filterArgs.push(query.locale);
    }
    if (query.key !== undefined) {
      filters.push('key = ?');
      filterArgs.push(query.key);
    }
    if (query.traffic) {
      if (query.traffic.length === 0) return [];
      filters.push(`traffic IN (${query.traffic.map(() => '?').join(', ')})`);
      filterArgs.push(...query.traffic);
    }
    const parts: string[] = [];
    const args: Array<string | number> = [];
    for (const [bucket, from, to] of ranges) {
      parts.push(`SELECT * FROM analytics_counters WHERE bucket = ? AND start >= ? AND start < ? AND ${filters.join(' AND ')}`);
      args.push(bucket, from, to, ...filterArgs);
    }
    const groups = query.groupBy.map((g) => `${GROUP_SQL[g]} AS g_${g}`);
    const sql = `SELECT ${[...groups, 'SUM(count) AS count', 'SUM(sum) AS sum', 'MAX(max) AS max'].join(', ')} FROM (${parts.join(' UNION ALL ')})${
      query.groupBy.length ? ` GROUP BY ${query.groupBy.map((g) => `g_${g}`).join(', ')}` : ''
    }`;
    const rows = db.prepare<Array<string | number>, Record<string, string | number | null>>(sql).all(...args);
    return rows
      .filter((r) => r.count !== null)
      .map((r) => {
        const out: CounterSum = { count: Number(r.count), sum: Number(r.sum), max: Number(r.max) };
        for (const g of query.groupBy) {
          const value = r[`g_${g}`];
          if (g === 'version') out.version = value === -1 ? null : Number(value);
          else (out as unknown as Record<string, unknown>)[g] = value;
        }
        return out;
      });
  }

  return {
    insert,
    insertMany,
    /** A write was rolled back (its savepoint, or the whole batch): rows this process wrote may be gone. */
    rolledBack(): void {
      own = null;
    },
    rollUp: (limit: number): number => rollUp.immediate(limit),
    sum,
    listFacts(filter: { from: string; to: string; flowId?: string; limit: number }): FactBatch[] {
      // From the first row that may hold a fact of the period on (a row's facts are up to ROW_SPAN_MS after its `at`), in order; each fact's `at` is checked (a fact written a little late).
      const earliest = new Date(Date.parse(filter.from) - ROW_SPAN_MS).toISOString();
      const sql = `SELECT at, flow_id, data FROM analytics_facts WHERE seq >= ? AND at >= ? AND at < ?${filter.flowId !== undefined ? ' AND flow_id = ?' : ''} ORDER BY seq LIMIT ?`;
      const args = [firstSeqAt(earliest), earliest, filter.to, ...(filter.flowId !== undefined ? [filter.flowId] : []), filter.limit];
      const facts: FactBatch[] = [];
      for (const row of db.prepare<Array<string | number>, FactRow>(sql).iterate(...args) as IterableIterator<FactRow>) {
        for (const batch of parsed(row)) if (batch.at >= filter.from && batch.at < filter.to) facts.push(batch);
        if (facts.length >= filter.limit) break;
      }
      if (facts.length > filter.limit) facts.length = filter.limit;
      return facts;
    },
    /** Only what is counted, and never the newest row; up to `limit` rows: how many rows and how many batches they held. */
    purgeFacts(before: string, limit: number): { rows: number; batches: number } {
      const below = Math.min(firstSeqAt(before), watermark() + 1);
      const batches = countBatchesBelow.get(below, limit)!;
      return { rows: purgeFactsBelow.run(below, limit).changes, batches };
    },
    purgeCounters: db.transaction((before: string): number => {
      let removed = 0;
      for (const bucket of ['hour', 'day']) for (const metric of METRICS) removed += purgeCountersBefore.run(bucket, metric, before).changes;
      return removed;
    }),
    storedKey(): string | undefined {
      return (selectState.get(CALLER_KEY) as string | undefined) ?? undefined;
    },
    key(candidate: string): string {
      keepState.run(CALLER_KEY, candidate);
      return selectState.get(CALLER_KEY) as string;
    },
    /** Call after a roll-up of everything: the dump's counters then include every fact it holds. */
    dump(reader?: Database.Database): AnalyticsDump {
      const key = selectState.get(CALLER_KEY);
      // The backup writer's dump (`reader`, its snapshot): a month of facts of a busy line, read a page at a time.
      const pages = reader ? analyticsPages(reader, DUMP_PAGE_ROWS) : null;
      return {
        ...(key ? { key } : {}),
        facts: pages ? pagedRows(pages.facts) : selectAllFacts.all().flatMap(parsed),
        counters: pages ? pagedRows(pages.counters) : selectAllCounters.all().map(counterOf),
      };
    },
    /** Inside the restore's transaction: the restored facts are already in the restored counters. */
    restore(dump: AnalyticsDump): void {
      // Rows this process wrote are replaced: their numbers may come back with other facts.
      own = null;
      if (dump.key) upsertState.run(CALLER_KEY, dump.key);
      for (const batch of dump.facts) insertFact.run(batch.at, batch.flowId, factRow(batch));
      for (const counter of dump.counters) putCounter(counter);
      upsertState.run(WATERMARK, String(maxSeq.get() ?? 0));
    },
  };
}

export type AnalyticsTables = ReturnType<typeof createAnalyticsTables>;
