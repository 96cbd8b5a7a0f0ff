import type { AnalyticsEvent, FactBatch, FactDimensions } from './types.ts';

/** Each event's fields, in the order a packed turn holds them after its type. */
export const EVENT_FIELDS: Record<AnalyticsEvent['type'], readonly string[]> = {
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

/** The first element of a packed contact (a fact row's `data` in this form starts with it). */
export const PACKED_FORM = 3;

/**
 * Facts of several turns of one contact, without an object per event: `[3, contact, caller,
 * t0 (ms), turn, turn…]`, a turn `[ms after t0, dimensions or 0 (as the turn before), runs…]`,
 * the dimensions `[flowId, version, environment, channel, locale, traffic]` and the runs as in
 * `factRow.ts`: a type, how many, then their fields by position. Kept with the session between
 * turns (the session's own write carries them) and written as one fact row when the contact
 * ends or the buffer is full or old (`AnalyticsRecorder`).
 */
export type PackedFacts = unknown[];
export type PackedTurn = unknown[];

export const packedDimensions = (d: FactDimensions): unknown[] => [d.flowId, d.version, d.environment, d.channel, d.locale, d.traffic];

/** Appends events of `type` one at a time to a packed turn, a run per stretch of one type. */
export class RunWriter {
  private type = '';
  private count = -1;
  constructor(readonly turn: PackedTurn) {}
  /** Starts (or goes on with) a run of `type`; push its fields after. */
  event(type: AnalyticsEvent['type']): PackedTurn {
    const turn = this.turn;
    if (this.type !== type) {
      turn.push(type, 1);
      this.type = type;
      this.count = turn.length - 1;
    } else (turn[this.count] as number) += 1;
    return turn;
  }
}

/** The number of turns a packed contact holds. */
export const packedTurns = (packed: PackedFacts): number => packed.length - 4;

/** One batch per turn, each with its own time and dimensions. */
export function unpackFacts(packed: PackedFacts): FactBatch[] {
  const contact = packed[1] as string;
  let caller = packed[2] as string | null;
  const t0 = packed[3] as number;
  const batches: FactBatch[] = [];
  let dims: unknown[] = [];
  for (let t = 4; t < packed.length; t += 1) {
    const turn = packed[t] as unknown[];
    if (turn[1] !== 0) dims = turn[1] as unknown[];
    const events: AnalyticsEvent[] = [];
    for (let i = 2; i < turn.length; ) {
      const type = turn[i++];
      if (typeof type !== 'string') {
        events.push(type as AnalyticsEvent);
        continue;
      }
      const fields = EVENT_FIELDS[type as AnalyticsEvent['type']];
      const count = turn[i++] as number;
      for (let n = 0; n < count; n += 1, i += fields.length) {
        const event: Record<string, unknown> = { type };
        for (let f = 0; f < fields.length; f += 1) {
          const value = turn[i + f];
          if (value !== null && value !== undefined) event[fields[f]!] = value;
        }
        events.push(event as unknown as AnalyticsEvent);
      }
    }
    batches.push({
      flowId: dims[0] as string,
      version: dims[1] as FactBatch['version'],
      environment: dims[2] as string,
      channel: dims[3] as FactBatch['channel'],
      locale: dims[4] as string,
      traffic: dims[5] as FactBatch['traffic'],
      at: new Date(t0 + (turn[0] as number)).toISOString(),
      contact,
      caller,
      events,
    });
    caller = null;
  }
  return batches;
}
