import type { AnalyticsEvent, FactBatch } from './types.ts';

/**
 * Facts in positional form: a fact batch's dimensions, then its events in runs of one type (the
 * type, how many, and their fields by position). It is SQLite's row text (`sqlite/factRow.ts`)
 * and what the engine builds a turn's facts in (`PositionalBatch`): no object per event, and the
 * counters fold from it as it is (`CounterFold`).
 */

/** Each event's fields, in the order a row holds them after its type. */
export const FIELDS: Record<AnalyticsEvent['type'], readonly string[]> = {
  contact: [],
  end: ['outcome', 'node', 'startedAt', 'seconds'],
  visit: ['node'],
  exit: ['node', 'output'],
  noInput: ['node'],
  noMatch: ['node'],
  lookup: ['node', 'backend', 'outcome', 'ms'],
  csatAsked: ['node'],
  csat: ['node', 'score', 'scale', 'agent'],
  returned: ['of'],
  queued: ['queue'],
  answered: ['queue', 'waitSeconds', 'agent'],
  abandoned: ['queue', 'waitSeconds'],
  left: ['queue', 'reason', 'waitSeconds'],
  agentOutcome: ['queue', 'agent', 'outcome'],
  callback: ['queue', 'step'],
};

/** The first element of a row in this form (rows written before it are JSON objects, or form 1: one type per event). */
export const FORM = 2;
/** Where the runs start in a row: after the form, the dimensions (version … traffic), the contact and the caller. */
export const RUNS_AT = 8;

/** An event of `type` from `fields.length` values of `row` from `at`. */
function eventOf(type: string, fields: readonly string[], row: unknown[], at: number): AnalyticsEvent {
  const event: Record<string, unknown> = { type };
  for (let f = 0; f < fields.length; f += 1) {
    const value = row[at + f];
    if (value !== null) event[fields[f]!] = value;
  }
  return event as unknown as AnalyticsEvent;
}

/** The events of a row's runs from `at` (`runs`: form 2, a count after each type; form 1: one event per type). */
export function eventsOfRuns(row: unknown[], at: number, runs = true, events: AnalyticsEvent[] = []): AnalyticsEvent[] {
  for (let i = at; i < row.length; ) {
    const type = row[i++];
    // An event of a type the form does not know is kept as its object.
    if (typeof type !== 'string') {
      events.push(type as AnalyticsEvent);
      continue;
    }
    const fields = FIELDS[type as AnalyticsEvent['type']];
    const count = runs ? (row[i++] as number) : 1;
    for (let n = 0; n < count; n += 1, i += fields.length) events.push(eventOf(type, fields, row, i));
  }
  return events;
}

/**
 * Writes a row: values, then events as runs (an event of the type of the one before joins its
 * run). Into a buffer it keeps, so that a row costs one array of its exact size (`take`) rather
 * than one regrown as it fills. One writer serves every row in turn: a row is written from
 * `begin` to `take` without awaiting.
 */
export class RunWriter {
  private readonly buffer: unknown[] = [];
  private length = 0;
  private type = '';
  /** Where the current run's count is. */
  private count = 0;

  begin(): void {
    this.length = 0;
    this.type = '';
  }

  /** How many values the row holds so far. */
  get size(): number {
    return this.length;
  }

  /** Appends a value (outside the runs: the row's dimensions). */
  put(value: unknown): void {
    this.buffer[this.length++] = value;
    this.type = '';
  }

  /** Opens an event of `type`: its fields are put next, in `FIELDS` order. */
  private open(type: AnalyticsEvent['type']): void {
    if (type === this.type) (this.buffer[this.count] as number) += 1;
    else {
      this.type = type;
      this.buffer[this.length++] = type;
      this.count = this.length;
      this.buffer[this.length++] = 1;
    }
  }

  add0(type: AnalyticsEvent['type']): void {
    this.open(type);
  }

  add1(type: AnalyticsEvent['type'], a: unknown): void {
    this.open(type);
    this.buffer[this.length++] = a;
  }

  add2(type: AnalyticsEvent['type'], a: unknown, b: unknown): void {
    this.open(type);
    this.buffer[this.length++] = a;
    this.buffer[this.length++] = b;
  }

  add4(type: AnalyticsEvent['type'], a: unknown, b: unknown, c: unknown, d: unknown): void {
    this.open(type);
    const buffer = this.buffer;
    buffer[this.length++] = a;
    buffer[this.length++] = b;
    buffer[this.length++] = c;
    buffer[this.length++] = d;
  }

  /** The row written since `begin`, as an array of its own. */
  take(): unknown[] {
    const row = this.buffer.slice(0, this.length);
    this.length = 0;
    return row;
  }
}

/** Whether `row`, from `at`, holds an event of `type`. */
export function runsHave(row: unknown[], at: number, type: AnalyticsEvent['type']): boolean {
  for (let i = at; i < row.length; ) {
    const t = row[i++];
    if (typeof t !== 'string') continue;
    if (t === type) return true;
    i += 1 + (row[i] as number) * FIELDS[t as AnalyticsEvent['type']].length;
  }
  return false;
}

/**
 * A fact batch held in positional form, as the engine builds a turn's: `row` is SQLite's row
 * (`[FORM, version, environment, channel, locale, traffic, contact, caller, …runs]`), written as
 * its JSON text, and what the counters fold from. `events` are made from it only when read
 * (MongoDB's documents, `plain()`); the dimensions are fields as in any batch.
 */
export class PositionalBatch implements FactBatch {
  private decoded: AnalyticsEvent[] | undefined;
  /** `at` as text, made when first read (the engine's batches are mostly folded by `ms` and never asked: issue 14, seventeenth pass). */
  private iso: string | undefined;
  /** `at` in milliseconds: the engine has it as a number already (SQLite's write groups rows by it, the fold finds its hour by it, without parsing `at` back). */
  readonly ms: number;

  constructor(
    readonly flowId: string,
    readonly version: FactBatch['version'],
    readonly environment: string,
    readonly channel: FactBatch['channel'],
    readonly locale: string,
    readonly traffic: FactBatch['traffic'],
    /** ISO-8601; undefined when `ms` is given (then written as text only when read). */
    at: string | undefined,
    public contact: string,
    public caller: string | null,
    readonly row: unknown[],
    ms?: number,
  ) {
    this.iso = at;
    this.ms = ms ?? Date.parse(at as string);
  }

  get at(): string {
    if (this.iso === undefined) this.iso = new Date(this.ms).toISOString();
    return this.iso;
  }

  get events(): AnalyticsEvent[] {
    if (this.decoded === undefined) this.decoded = eventsOfRuns(this.row, RUNS_AT);
    return this.decoded;
  }

  /** The batch as a plain object (a document to store, a value to compare). */
  plain(): FactBatch {
    const { flowId, version, environment, channel, locale, traffic, at, contact, caller } = this;
    return { flowId, version, environment, channel, locale, traffic, at, contact, caller, events: this.events };
  }

  /** SQLite's row text; the contact and the caller as the batch has them now (an erasure clears the caller). */
  text(): string {
    return JSON.stringify(this.current());
  }

  /** The row with the contact and the caller as the batch has them now. */
  current(): unknown[] {
    this.row[6] = this.contact;
    this.row[7] = this.caller;
    return this.row;
  }
}

/** A batch as a plain object, whichever form it is in. */
export const plainBatch = (batch: FactBatch): FactBatch => (batch instanceof PositionalBatch ? batch.plain() : { ...batch });
