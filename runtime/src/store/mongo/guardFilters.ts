import type { Collection, Document } from 'mongodb';

/**
 * A filter naming a field without a value. The store opens its client with `ignoreUndefined`
 * (an optional field left undefined is omitted, as in JSON), which also drops such a condition
 * from a filter: `{ id: undefined }` matches every document, and a `deleteOne` would delete
 * any one. Reaching this is a bug in Griot, not bad input.
 */
export class UndefinedFilterValueError extends Error {
  constructor(collection: string, method: string, path: string) {
    super(`bug: ${method} on MongoDB collection ${collection} with no value for ${path}: the filter would match any document`);
    this.name = 'UndefinedFilterValueError';
  }
}

const LOGICAL = new Set(['$and', '$or', '$nor']);

/** The path of the first condition without a value, or null. */
export function undefinedConditionIn(filter: unknown, path = ''): string | null {
  if (typeof filter !== 'object' || filter === null) return null;
  for (const [key, value] of Object.entries(filter)) {
    const here = path ? `${path}.${key}` : key;
    if (value === undefined) return here;
    if (LOGICAL.has(key) && Array.isArray(value)) {
      for (const [i, part] of value.entries()) {
        const found = undefinedConditionIn(part, `${here}[${i}]`);
        if (found) return found;
      }
      continue;
    }
    // Operators on a field: { id: { $in: undefined } }, { id: { $eq: undefined } }.
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      for (const [operator, operand] of Object.entries(value)) if (operand === undefined) return `${here}.${operator}`;
    }
  }
  return null;
}

/** Methods whose first argument is a filter. */
const FILTERED = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'countDocuments']);

/** The collection, refusing every filter with a condition that has no value (see `UndefinedFilterValueError`). */
export function guardFilters<T extends Document>(collection: Collection<T>): Collection<T> {
  return new Proxy(collection, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function' || typeof property !== 'string') return member;
      if (FILTERED.has(property)) {
        return (...args: unknown[]) => {
          const missing = undefinedConditionIn(args[0]);
          if (missing) throw new UndefinedFilterValueError(target.collectionName, property, missing);
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (property === 'bulkWrite') {
        return (operations: Array<Record<string, { filter?: unknown }>>, ...rest: unknown[]) => {
          for (const operation of operations) {
            for (const [kind, body] of Object.entries(operation)) {
              const missing = undefinedConditionIn(body?.filter);
              if (missing) throw new UndefinedFilterValueError(target.collectionName, `bulkWrite ${kind}`, missing);
            }
          }
          return (member as (...a: unknown[]) => unknown).apply(target, [operations, ...rest]);
        };
      }
      return (member as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
