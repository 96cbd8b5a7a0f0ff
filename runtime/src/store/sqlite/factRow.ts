import type { FactBatch } from '../types.ts';
import { eventsOfRuns, FIELDS, FORM, PositionalBatch, RUNS_AT } from '../factRuns.ts';

/**
 * A fact batch as its row's `data`: a JSON array of the dimensions, then the events in runs of
 * one type: the type, how many, and their fields by position (a turn's visits make one run, its
 * exits another). Without the names a JSON object repeats in every batch, a type repeated for
 * every event, the time and the flow (the row's own columns hold them): about 3 times smaller
 * than the object, so less to serialize on every turn and fewer pages to write and keep. An
 * absent optional field is null; an event of a type this file does not know is kept as its object.
 */
export function factRow(batch: FactBatch): string {
  // The engine's batches are in this form already (`factRuns.ts`).
  if (batch instanceof PositionalBatch) return batch.text();
  return JSON.stringify(rowOf(batch));
}

/** The positional row of a batch (form 2), as an array. */
function rowOf(batch: FactBatch): unknown[] {
  if (batch instanceof PositionalBatch) return batch.current();
  const row: unknown[] = [FORM, batch.version, batch.environment, batch.channel, batch.locale, batch.traffic, batch.contact, batch.caller];
  const { events } = batch;
  for (let i = 0; i < events.length; ) {
    const type = events[i]!.type;
    const fields = FIELDS[type] as readonly string[] | undefined;
    if (!fields) {
      row.push(events[i++]);
      continue;
    }
    row.push(type, 0);
    const count = row.length - 1;
    const first = i;
    // The kinds every turn has many of read field by field: each `event.x` then sees one shape.
    if (type === 'visit') for (; i < events.length && events[i]!.type === 'visit'; i += 1) row.push((events[i] as { node: string }).node);
    else if (type === 'exit') {
      for (; i < events.length && events[i]!.type === 'exit'; i += 1) {
        const exit = events[i] as { node: string; output: string };
        row.push(exit.node, exit.output);
      }
    } else {
      for (; i < events.length && events[i]!.type === type; i += 1) {
        for (const field of fields) row.push((events[i] as unknown as Record<string, unknown>)[field] ?? null);
      }
    }
    row[count] = i - first;
  }
  return row;
}

/** The first element of a row holding many batches of one flow (`manyRow`). */
export const FORM_MANY = 3;

/**
 * One row for many batches of one flow (issue 14, fifteenth pass): `[3, ms, row, ms, row, …]`,
 * each batch's form-2 row after its time as milliseconds from `base` (the row's own `at`, the
 * earliest of them): `batches[from..to)`, their times (ms) in `times`. A write of many turns'
 * facts then costs one insert and one text instead of one per turn; the rows' pages are the same.
 */
export function manyRow(batches: readonly FactBatch[], times: readonly number[], from: number, to: number, base: number): string {
  const row: unknown[] = new Array(1 + 2 * (to - from));
  row[0] = FORM_MANY;
  for (let i = from, at = 1; i < to; i += 1) {
    row[at++] = times[i]! - base;
    row[at++] = rowOf(batches[i]!);
  }
  return JSON.stringify(row);
}

/** A form-2 row (an array) as its batch. */
function batchOfArray(row: unknown[], at: string, flowId: string): FactBatch {
  // Form 1: one event per type; form 2: a run of them.
  const events = eventsOfRuns(row, RUNS_AT, row[0] === FORM);
  return {
    flowId,
    version: row[1] as FactBatch['version'],
    environment: row[2] as string,
    channel: row[3] as FactBatch['channel'],
    locale: row[4] as string,
    traffic: row[5] as FactBatch['traffic'],
    at,
    contact: row[6] as string,
    caller: row[7] as string | null,
    events,
  };
}

/** The batches a row holds, in any form: one, or many for a row of form 3 (`manyRow`). */
export function batchesOfRow(data: string, at: string, flowId: string): FactBatch[] {
  if (!data.startsWith('[3,')) return [batchOfRow(data, at, flowId)];
  const row = JSON.parse(data) as unknown[];
  const base = Date.parse(at);
  const batches: FactBatch[] = new Array((row.length - 1) / 2);
  for (let i = 1, n = 0; i < row.length; i += 2, n += 1) {
    const offset = row[i] as number;
    batches[n] = batchOfArray(row[i + 1] as unknown[], offset === 0 ? at : new Date(base + offset).toISOString(), flowId);
  }
  return batches;
}

/** The batch a row holds, in any form (`at` and `flowId` from the row's columns). */
export function batchOfRow(data: string, at: string, flowId: string): FactBatch {
  // `{`: a row written as the batch's JSON object.
  if (data.charCodeAt(0) === 123) return JSON.parse(data) as FactBatch;
  return batchOfArray(JSON.parse(data) as unknown[], at, flowId);
}
