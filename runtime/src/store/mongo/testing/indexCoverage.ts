import type { IndexDescription } from 'mongodb';
import type { RecordedCall } from './memoryMongo.ts';

type Doc = Record<string, any>;
const isOperatorObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).some((k) => k.startsWith('$'));

/** The filter's fields: bound to one value or a list (`$in`), and those only narrowed (ranges, `$exists`, `$ne`, a regex). */
function conditionsOf(filter: Doc): { equal: Set<string>; narrowed: Set<string> } {
  const equal = new Set<string>();
  const narrowed = new Set<string>();
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    if (!isOperatorObject(condition) || '$eq' in condition || '$in' in condition) equal.add(field);
    else narrowed.add(field);
  }
  return { equal, narrowed };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a filter's condition on a field includes the partial index's (itself, or its operators among others: `{ $type, $in }`). */
function includesCondition(value: unknown, condition: unknown): boolean {
  if (sameValue(value, condition)) return true;
  if (!isOperatorObject(value) || !isOperatorObject(condition)) return false;
  return Object.entries(condition).every(([operator, operand]) => sameValue(value[operator], operand));
}

/**
 * Whether `index` can answer the query without a collection scan or a sort in memory, as
 * MongoDB's planner would: the index's leading fields are bound by the filter (any of them, in
 * any order), and the sort, when there is one, is the index's fields that follow a bound prefix,
 * all in the index's directions or all reversed. Without a sort, the index's first field must be
 * one the filter narrows. A partial index serves only queries that include its filter.
 */
export function servedBy(index: IndexDescription, filter: Doc, sort: Record<string, 1 | -1> | undefined): boolean {
  const keys = Object.entries(index.key as Record<string, 1 | -1>);
  const { equal, narrowed } = conditionsOf(filter);
  if (index.partialFilterExpression) {
    for (const [field, condition] of Object.entries(index.partialFilterExpression)) if (!includesCondition(filter[field], condition)) return false;
  }
  let bound = 0;
  while (bound < keys.length && equal.has(keys[bound]![0])) bound += 1;
  // A query with conditions must be narrowed by the index (else it reads the whole index, as a scan).
  const narrows = bound > 0 || narrowed.has(keys[0]![0]) || Boolean(index.partialFilterExpression);
  if (equal.size + narrowed.size > 0 && !narrows) return false;
  const wanted = Object.entries(sort ?? {});
  if (wanted.length === 0) return narrows;
  for (let start = 0; start <= bound; start += 1) {
    const slice = keys.slice(start, start + wanted.length);
    if (slice.length !== wanted.length || slice.some(([field], i) => field !== wanted[i]![0])) continue;
    const same = slice.every(([, direction], i) => direction === wanted[i]![1]);
    const reversed = slice.every(([, direction], i) => direction === -wanted[i]![1]);
    if (same || reversed) return true;
  }
  return false;
}

// `lookup`: the query an aggregation's $lookup makes of its collection (recorded by the in-memory driver).
const FILTERED = new Set(['lookup', 'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'countDocuments']);

/**
 * The recorded queries no declared index serves (an `explain()` would show COLLSCAN or a blocking
 * SORT). Queries by `_id` are served by MongoDB's own index; a query with neither filter nor sort
 * means the whole collection (a backup, emptying a collection) and is left out.
 */
export function unservedQueries(calls: RecordedCall[], indexes: Record<string, IndexDescription[]>): string[] {
  const unserved = new Set<string>();
  for (const call of calls) {
    if (!FILTERED.has(call.method)) continue;
    const filter = call.filter ?? {};
    if ('_id' in filter) continue;
    if (Object.keys(filter).length === 0 && !call.sort) continue;
    const declared = [...(indexes[call.collection] ?? []), { key: { _id: 1 } }];
    if (!declared.some((index) => servedBy(index, filter, call.sort))) {
      unserved.add(`${call.collection}.${call.method} ${JSON.stringify(filter)}${call.sort ? ` sort ${JSON.stringify(call.sort)}` : ''}`);
    }
  }
  return [...unserved];
}
