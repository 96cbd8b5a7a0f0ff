import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LookupReport } from '../conversations/turnState.ts';
import type { ObservedTurn, TurnReport } from '../conversations/types.ts';
import type { Store } from '../store/types.ts';
import { trafficOf } from '../analytics/trafficOf.ts';
import { knownQueues } from '../handoff/knownQueues.ts';
import { lookupOutcome } from '../webhooks/lookupFailure.ts';
import { DELAY_GAUGES, EventLoopDelay } from './eventLoopDelay.ts';

/** Seconds: a voice turn takes about a millisecond, a look-up tens; jambonz waits 10 s at most. */
const TURN_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LOOKUP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const SUCCESS = new Set(['response', 'ok']);
/** Saved turns tallied before they are counted all at once (see `turnSaved`). */
const TURNS_PER_COUNT = 1024;
const NO_LOOKUPS: SavedTurn['lookups'] = [];

/**
 * Node's own metrics (event-loop lag, memory, GC): the process's, so collected once per process
 * however many servers it starts. prom-client's collectors are never stopped (a GC observer): one
 * set per server would leave a stopped server's running. Its event-loop delay histogram samples every
 * 10 ms for ever (an idle server woken ~100 times a second): it is given a resolution of ~24 days
 * (it never wakes) and its gauges are replaced by `EventLoopDelay`'s, the same names, sampled while
 * the process serves. prom-client's `nodejs_eventloop_lag_seconds` (a `setImmediate` at each
 * scrape) stays.
 */
let processRegistry: Registry | undefined;
/** The process's event-loop delay monitor: `active()` on every request and turn. */
export const eventLoopDelay = new EventLoopDelay();
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 2 ** 31 - 1 });
    for (const [, name] of DELAY_GAUGES) processRegistry.removeSingleMetric(name);
    eventLoopDelay.register(processRegistry);
  }
  return processRegistry;
}

/** What a saved turn adds to the metrics, kept until they are next read (`GriotMetrics.turnSaved`). */
interface SavedTurn {
  channel: string;
  traffic: string;
  engineSeconds: number;
  storeSeconds: number;
  started: boolean;
  outcome: string | undefined;
  lookups: ReadonlyArray<Pick<LookupReport, 'backend' | 'outcome' | 'ms'>>;
}

/**
 * Prometheus metrics of one Griot process (`GET /metrics`), in their own registry: turns and
 * contacts by channel and outcome, turn and look-up latency, look-up failures per backend,
 * webhook signature failures, store write latency, agent-queue sizes (read from the store at each
 * scrape, so every instance reports the shared queues), and Node's own (event-loop lag, memory,
 * GC, shared by every server of the process). Fed by lifecycle events; nothing here is called from inside the engine's logic.
 */
export class GriotMetrics {
  readonly registry = new Registry();
  private readonly turns: Counter<'channel' | 'traffic'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly contactsStarted: Counter<'channel' | 'traffic'>;
  private readonly contactsEnded: Counter<'channel' | 'outcome' | 'traffic'>;
  private readonly lookupSeconds: Histogram<'backend' | 'outcome'>;
  private readonly lookupFailures: Counter<'backend' | 'outcome'>;
  private readonly signatureFailures: Counter<'channel' | 'reason'>;
  private readonly requestsShed: Counter<'channel' | 'reason'>;
  private readonly requestsThrottled: Counter<'channel' | 'limit'>;
  private readonly processFaults: Counter<'fault'>;
  private readonly storeFailures: Counter<'channel' | 'cause'>;
  private readonly storeSeconds: Histogram<'operation'>;
  /** Saved turns not counted yet: see `turnSaved`. */
  private savedTurns: SavedTurn[] = [];

  constructor(store: Store) {
    // The queues a scrape shows even when empty (settings saved, live flows' handoff nodes): read once per scrape, by whichever gauge asks first.
    let known: { at: number; names: Promise<string[]> } | undefined;
    const queuesKnown = (): Promise<string[]> => {
      const now = Date.now();
      if (!known || now - known.at > 1000)
        known = {
          at: now,
          names: knownQueues({ store }).then(
            (k) => k.names,
            () => [],
          ),
        };
      return known.names;
    };
    const registers = [this.registry];
    // Whatever reads the turns' metrics (a scrape, `registry.getSingleMetricAsString`) counts the saved turns first.
    const collect = () => this.countSavedTurns();
    processMetrics();
    this.turns = new Counter({ name: 'griot_turns_total', help: 'Conversation turns saved, by channel and traffic (live, test, preview).', labelNames: ['channel', 'traffic'], registers, collect });
    this.turnSeconds = new Histogram({
      name: 'griot_turn_duration_seconds',
      help: 'Time the engine spent on a turn (interpreter, look-ups, building the write), before saving it.',
      labelNames: ['channel'],
      buckets: TURN_BUCKETS,
      registers,
      collect,
    });
    this.contactsStarted = new Counter({ name: 'griot_contacts_started_total', help: 'Contacts started, by channel and traffic.', labelNames: ['channel', 'traffic'], registers, collect });
    this.contactsEnded = new Counter({
      name: 'griot_contacts_ended_total',
      help: 'Contacts ended, by channel, outcome (contained, transferred, callback, noAgent, abandoned, error) and traffic.',
      labelNames: ['channel', 'outcome', 'traffic'],
      registers,
      collect,
    });
    this.lookupSeconds = new Histogram({
      name: 'griot_lookup_duration_seconds',
      help: 'Look-ups to the operator systems (http nodes, by named backend) and the intent model (backend "model"), by outcome (misconfigured: not sent, Griot\'s configuration incomplete).',
      labelNames: ['backend', 'outcome'],
      buckets: LOOKUP_BUCKETS,
      registers,
      collect,
    });
    this.lookupFailures = new Counter({
      name: 'griot_lookup_failures_total',
      help: 'Look-ups that failed or timed out (outcome error, timeout…), or that Griot could not send for want of its own configuration (outcome misconfigured: a secret unset, a backend without an address), by backend and outcome.',
      labelNames: ['backend', 'outcome'],
      registers,
      collect,
    });
    this.signatureFailures = new Counter({
      name: 'griot_webhook_signature_failures_total',
      help: 'Channel requests refused for their credentials (voice: Jambonz-Signature or WebSocket credentials; whatsapp: X-Hub-Signature-256).',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.storeSeconds = new Histogram({
      name: 'griot_store_write_duration_seconds',
      help: "Store writes, until durable (saveTurn: a turn's single write).",
      labelNames: ['operation'],
      buckets: STORE_BUCKETS,
      registers,
      collect,
    });
    this.requestsShed = new Counter({
      name: 'griot_channel_requests_shed_total',
      help: 'Channel requests answered "busy" because they could not be answered before the platform gives up (ussd: queued, slow, full, sender).',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.requestsThrottled = new Counter({
      name: 'griot_channel_requests_throttled_total',
      help: 'Anonymous channel requests refused 429 because a rate budget was spent (webchat: address/conversations, address, conversation).',
      labelNames: ['channel', 'limit'],
      registers,
    });
    this.storeFailures = new Counter({
      name: 'griot_store_failures_total',
      help: "Subscribers' turns a channel could not run because the store failed (the subscriber got the channel's apology), by channel and the store's cause code (SQLITE_FULL, SQLITE_READONLY, MongoServerSelectionError…).",
      labelNames: ['channel', 'cause'],
      registers,
    });
    this.processFaults = new Counter({
      name: 'griot_process_faults_total',
      help: 'Bugs caught by the process guards (runtime/src/processGuards.ts): unhandledRejection (logged, served on), uncaughtException (logged, then a graceful shutdown).',
      labelNames: ['fault'],
      registers,
    });
    new Gauge({
      name: 'griot_queue_waiting_contacts',
      help: 'Contacts waiting for an agent now, per queue (simulator handoffs apart).',
      labelNames: ['queue'],
      registers,
      async collect() {
        const [waiting, known] = await Promise.all([store.listHandoffContacts({ statuses: ['waiting'] }), queuesKnown()]);
        this.reset();
        // Every known queue, 0 when empty: a fresh instance's dashboard shows 0, not "No data".
        for (const queue of known) this.set({ queue }, 0);
        for (const [queue, n] of countBy(
          waiting.filter((c) => !c.preview),
          (c) => c.queue,
        ))
          this.set({ queue }, n);
      },
    });
    new Gauge({
      name: 'griot_queue_oldest_wait_seconds',
      help: 'How long the longest-waiting contact of each queue has waited (simulator handoffs apart).',
      labelNames: ['queue'],
      registers,
      async collect() {
        const [waiting, known] = await Promise.all([store.listHandoffContacts({ statuses: ['waiting'] }), queuesKnown()]);
        this.reset();
        const now = Date.now();
        const oldest = new Map<string, number>(known.map((queue) => [queue, 0]));
        // Simulator handoffs (a tester's) left waiting are no production queue's wait, as in `griot_queue_waiting_contacts`.
        for (const c of waiting) if (!c.preview) oldest.set(c.queue, Math.max(oldest.get(c.queue) ?? 0, (now - Date.parse(c.enqueuedAt)) / 1000));
        for (const [queue, seconds] of oldest) this.set({ queue }, seconds);
      },
    });
    const lockWaits = store.writeLockWaits?.bind(store);
    if (lockWaits) {
      // Another instance on the same SQLite file writing when this one wants to: what a second
      // process costs (its waits do not stop this one from serving, but its turns' saves wait).
      new Counter({
        name: 'griot_sqlite_write_lock_waits_total',
        help: 'Times a group commit found the SQLite write lock held by another connection (another instance, or the WAL checkpoint worker syncing) and tried again a millisecond later.',
        registers,
        collect() {
          this.reset();
          this.inc(lockWaits().waits);
        },
      });
      new Counter({
        name: 'griot_sqlite_write_lock_wait_seconds_total',
        help: 'Time group commits waited for the SQLite write lock held by another process.',
        registers,
        collect() {
          this.reset();
          this.inc(lockWaits().waitedSeconds);
        },
      });
    }
    const checkpointFailing = store.walCheckpointFailing?.bind(store);
    if (checkpointFailing) {
      new Gauge({
        name: 'griot_sqlite_wal_checkpoint_failing',
        help: "SQLite only: 1 while WAL checkpoints fail, labelled with SQLite's code (SQLITE_FULL: the disk is full; writes fail next); no series while they work.",
        labelNames: ['code'],
        registers,
        collect() {
          this.reset();
          const code = checkpointFailing();
          if (code !== null) this.set({ code }, 1);
        },
      });
    }
    new Gauge({
      name: 'griot_callbacks_pending',
      help: 'Callback requests no agent has taken yet, per queue.',
      labelNames: ['queue'],
      registers,
      async collect() {
        const [pending, known] = await Promise.all([store.listCallbackRequests({ statuses: ['pending'] }), queuesKnown()]);
        this.reset();
        for (const queue of known) this.set({ queue }, 0);
        for (const [queue, n] of countBy(pending, (r) => r.queue)) this.set({ queue }, n);
      },
    });
  }

  /**
   * A saved turn (`AnalyticsRecorder.onTurnSaved`), tallied: its counts and durations go into
   * the metrics when they are next read (a scrape, or any read of the registry: their `collect`),
   * or once 1,024 turns wait, all together. prom-client's `inc` and `observe` (label checks and
   * hashing, a closure per observation, the bucket found by its number as a string) cost 2–4 % of a
   * call one call at a time on a loaded machine, run cold after each answer; counted in a batch
   * the same code runs warm (issue 17). What a scrape shows is the same.
   */
  turnSaved(turn: ObservedTurn, report: TurnReport, timing: { engineMs: number; storeMs: number }): void {
    // A preview's look-ups are not the operator's systems as callers meet them (answered from
    // fixtures, or by staging for a tester), and a draft may name any backend: none is counted,
    // so a simulator fires no alert on a backend and an editor's names make no series.
    eventLoopDelay.active();
    const traffic = trafficOf(turn.record, turn.after);
    const lookups = traffic === 'preview' ? NO_LOOKUPS : turn.turn.lookupReports;
    this.savedTurns.push({
      channel: turn.after.channel,
      traffic,
      engineSeconds: timing.engineMs / 1000,
      storeSeconds: timing.storeMs / 1000,
      started: turn.newContact && !turn.record.carried,
      outcome: report.outcome,
      // A look-up Griot could not send for want of its own configuration is `misconfigured`, not the operator's system's `error`.
      lookups: lookups.length === 0 ? NO_LOOKUPS : lookups.map((lookup) => ({ backend: lookup.backend, outcome: lookupOutcome(lookup), ms: lookup.ms })),
    });
    if (this.savedTurns.length >= TURNS_PER_COUNT) this.countSavedTurns();
  }

  private countSavedTurns(): void {
    const saved = this.savedTurns;
    if (saved.length === 0) return;
    this.savedTurns = [];
    for (const { channel, traffic, engineSeconds, storeSeconds, started, outcome, lookups } of saved) {
      this.turns.inc({ channel, traffic });
      this.turnSeconds.observe({ channel }, engineSeconds);
      this.storeSeconds.observe({ operation: 'saveTurn' }, storeSeconds);
      if (started) this.contactsStarted.inc({ channel, traffic });
      if (outcome) this.contactsEnded.inc({ channel, outcome, traffic });
      for (const lookup of lookups) {
        this.lookupSeconds.observe({ backend: lookup.backend, outcome: lookup.outcome }, lookup.ms / 1000);
        if (!SUCCESS.has(lookup.outcome)) this.lookupFailures.inc({ backend: lookup.backend, outcome: lookup.outcome });
      }
    }
  }

  signatureFailure(failure: { channel: string; reason: string }): void {
    this.signatureFailures.inc({ channel: failure.channel, reason: failure.reason });
  }

  requestShed(shed: { channel: string; reason: string }): void {
    this.requestsShed.inc({ channel: shed.channel, reason: shed.reason });
  }

  requestThrottled(throttled: { channel: string; limit: string }): void {
    this.requestsThrottled.inc({ channel: throttled.channel, limit: throttled.limit });
  }

  storeFailure(failure: { channel: string; cause: string }): void {
    this.storeFailures.inc({ channel: failure.channel, cause: failure.cause });
  }

  processFault(fault: 'unhandledRejection' | 'uncaughtException'): void {
    this.processFaults.inc({ fault });
  }

  storeOperation(operation: string, ms: number): void {
    this.storeSeconds.observe({ operation }, ms / 1000);
  }

  /** The text exposition format, version 0.0.4: this server's metrics and the process's. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await Registry.merge([processMetrics(), this.registry]).metrics() };
  }
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
