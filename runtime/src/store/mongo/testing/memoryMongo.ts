import { MongoBulkWriteError, MongoServerError, type Db, type IndexDescription, type MongoClient } from 'mongodb';
import { aggregate as mingoAggregate, find as mingoFind, updateOne as mingoUpdateOne } from 'mingo';

/**
 * An in-memory stand-in for the MongoDB driver's Db, Collection and sessions, just wide enough
 * for the store's adapter, for tests on a machine where no MongoDB server can run. Filters,
 * projections, sorts and updates (operators and pipelines) are evaluated by mingo, an
 * implementation of MongoDB's query language; unique indexes are enforced (E11000); what
 * MongoDB refuses and the adapter must never send is refused too (an update with no operator or
 * an empty one, `$`-prefixed or dotted field names inside an update's values, a replacement with
 * operators). Every call is recorded, for checks on what the adapter sends (indexes, order).
 *
 * Transactions: with `transactions: true`, the writes made in a `withTransaction` callback (with
 * its session) are undone, and only they, when the callback fails (all or nothing).
 * Failures can be injected per collection and method (`failNext`).
 *
 * Cursors read with `next` (outside a snapshot session) behave as a standalone server's: each
 * document is the next one after the cursor's position in its sort, as the collection is when the
 * cursor reaches it, so a document whose sort key moves past the position is read again, one
 * moving before it is never read. A cursor is open from its first read until it is exhausted or
 * closed (`openCursors`).
 */
export interface RecordedCall {
  collection: string;
  method: string;
  filter?: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  update?: unknown;
  session: boolean;
}

type Doc = Record<string, any>;

function fail(message: string, code = 2): never {
  throw new MongoServerError({ message, code, errmsg: message });
}

const isPlainObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Field names MongoDB refuses in an update's values (a leading `$`, any `.`). */
function refuseUnsafeNames(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseUnsafeNames(v, `${path}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.')) fail(`The field name '${key}' in '${path}' is not allowed in an update`, 52);
    refuseUnsafeNames(inner, `${path}.${key}`);
  }
}

function validateUpdate(update: unknown): void {
  if (Array.isArray(update)) {
    if (update.length === 0) fail('an update pipeline must not be empty', 9);
    return;
  }
  if (!isPlainObject(update)) fail('the update must be a document', 9);
  const operators = Object.keys(update);
  if (operators.length === 0) fail("'update' must not be empty (no operator)", 9);
  for (const operator of operators) {
    if (!operator.startsWith('$')) fail(`update without an operator: ${operator} (a replacement was sent as an update)`, 9);
    const operand = update[operator];
    if (!isPlainObject(operand) || Object.keys(operand).length === 0) fail(`'${operator}' is empty: MongoDB before 5.0 refuses it`, 9);
    for (const [path, value] of Object.entries(operand)) {
      if (path.startsWith('$')) fail(`the path '${path}' of ${operator} must not start with $`, 52);
      const each = isPlainObject(value) && '$each' in value ? value.$each : value;
      refuseUnsafeNames(each, path);
    }
  }
}

/** The equality conditions of a filter, copied into a document an upsert creates. */
function equalities(filter: Doc): Doc {
  const base: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if ('$eq' in value) base[key] = value.$eq;
      continue;
    }
    base[key] = value;
  }
  return base;
}

/**
 * The query a `$lookup` makes of its collection, for the index check: its `foreignField` bound to
 * the joined values, and each field its sub-pipeline's first `$match` binds with `$expr` `$eq` to
 * a variable (which MongoDB 5.0+ answers from an index).
 */
function lookupFilter(lookup: Doc): Doc {
  const filter: Doc = lookup.foreignField ? { [lookup.foreignField]: { $in: [] } } : {};
  const expr = lookup.pipeline?.[0]?.$match?.$expr;
  for (const condition of expr?.$and ?? (expr ? [expr] : [])) {
    const [field, value] = (condition as Doc).$eq ?? [];
    if (typeof field === 'string' && field.startsWith('$') && typeof value === 'string' && value.startsWith('$$')) filter[field.slice(1)] = value;
  }
  return filter;
}

function project(doc: Doc, projection: Doc | undefined): Doc {
  if (!projection || Object.keys(projection).length === 0) return structuredClone(doc);
  return mingoFind([doc], {}, projection).all()[0] as Doc;
}

/** Applies an update (operators or a pipeline, which mingo may answer with a new object) to one document. */
function updated(doc: Doc, update: unknown): Doc {
  const holder = [doc];
  mingoUpdateOne(holder, {}, update as any);
  return holder[0]!;
}

function sorted(docs: Doc[], sort: Doc | undefined): Doc[] {
  return sort && Object.keys(sort).length > 0
    ? (mingoFind(docs, {})
        .sort(sort as any)
        .all() as Doc[])
    : docs;
}

/** A transaction's session: what its writes changed, to undo when it aborts. */
interface Undo {
  undo: Array<{ collection: string; removed: Doc[]; added: Doc[] }>;
}

interface Failure {
  collection: string;
  method: string;
  error: Error;
  /** The write lands, then the error comes (an answer lost on the way back). */
  after: boolean;
}

interface Gate {
  collection: string;
  method: string;
  open: Promise<void>;
}

export class MemoryMongo {
  readonly calls: RecordedCall[] = [];
  /** Every session started, and whether it was ended (a backup's snapshot session lives until its file is written). */
  readonly sessions: Array<{ snapshot: boolean; ended: boolean; cursorsOpenAtEnd?: number }> = [];
  /** The cursors read with `next` and neither exhausted nor closed yet. */
  readonly openCursors = new Set<object>();
  /** Counts every write, so a cursor knows whether the documents changed since its last read. */
  private writes = 0;
  readonly indexes = new Map<string, IndexDescription[]>();
  private data = new Map<string, Doc[]>();
  private failures: Failure[] = [];
  private lost: Error | undefined;
  private gates: Gate[] = [];
  private nextId = 1;
  readonly db: Db;
  readonly client: Pick<MongoClient, 'withSession' | 'startSession' | 'close'>;

  constructor(readonly options: { transactions?: boolean; version?: string } = {}) {
    this.db = this.makeDb();
    this.client = this.makeClient();
  }

  /** Makes the next `method` call on `collection` throw `error` (after applying it, with `after`: its answer lost). */
  failNext(collection: string, method: string, options: { error?: Error; after?: boolean } = {}): void {
    this.failures.push({ collection, method, error: options.error ?? new MongoServerError({ message: 'injected failure', code: 6 }), after: options.after ?? false });
  }

  /** The server is gone from now on (a lost connection): every collection call throws `error`, until `lose(undefined)`. */
  lose(error: Error | undefined): void {
    this.lost = error;
  }

  /** Holds the next `method` call on `collection` until `open` resolves (to interleave two operations). */
  holdNext(collection: string, method: string, open: Promise<void>): void {
    this.gates.push({ collection, method, open });
  }

  documents(collection: string): Doc[] {
    return this.rows(collection);
  }

  /** Puts many documents in a collection at once (a test's bulk data), its unique indexes checked once. */
  seed(collection: string, documents: Doc[]): void {
    this.write(collection, (rows) => {
      for (const doc of documents) this.insert(rows, { ...doc });
    });
  }

  /** The names of the collections that hold documents or were ever touched. */
  collectionNames(): string[] {
    return [...this.data.keys()];
  }

  private rows(name: string): Doc[] {
    let rows = this.data.get(name);
    if (!rows) {
      rows = [];
      this.data.set(name, rows);
    }
    return rows;
  }

  private takeFailure(collection: string, method: string): Failure | undefined {
    const i = this.failures.findIndex((f) => f.collection === collection && f.method === method);
    return i >= 0 ? this.failures.splice(i, 1)[0] : undefined;
  }

  private takeGate(collection: string, method: string): Promise<void> | undefined {
    const i = this.gates.findIndex((g) => g.collection === collection && g.method === method);
    return i >= 0 ? this.gates.splice(i, 1)[0]!.open : undefined;
  }

  private checkUnique(name: string, rows: Doc[]): void {
    // Every collection's own index: _id is unique.
    const ids = new Set<string>();
    for (const row of rows) {
      const id = JSON.stringify(row._id ?? null);
      if (ids.has(id)) fail(`E11000 duplicate key error collection: ${name} index: _id_ dup key: ${id}`, 11000);
      ids.add(id);
    }
    for (const index of this.indexes.get(name) ?? []) {
      if (!index.unique) continue;
      const fields = Object.keys(index.key as Doc);
      const seen = new Set<string>();
      for (const row of rows) {
        // As MongoDB: a sparse index has no entry for a document without its fields.
        if (index.sparse && fields.every((f) => row[f] === undefined)) continue;
        const key = JSON.stringify(fields.map((f) => row[f] ?? null));
        if (seen.has(key)) fail(`E11000 duplicate key error collection: ${name} index: ${fields.join('_')} dup key: ${key}`, 11000);
        seen.add(key);
      }
    }
  }

  /**
   * Applies a change to a copy of the collection and keeps it only when every unique index
   * holds. Documents are never changed in place (a change replaces them), so what a write
   * removed and added is known by identity: a transaction's session keeps it, to undo.
   */
  private write<T>(name: string, change: (rows: Doc[]) => T, session?: Undo): T {
    const before = this.rows(name);
    const copy = before.map((d) => d);
    const result = change(copy);
    this.checkUnique(name, copy);
    this.data.set(name, copy);
    this.writes += 1;
    if (session) {
      const kept = new Set(copy);
      const old = new Set(before);
      session.undo.push({ collection: name, removed: before.filter((d) => !kept.has(d)), added: copy.filter((d) => !old.has(d)) });
    }
    return result;
  }

  private undo(entries: Undo['undo']): void {
    for (const { collection, removed, added } of [...entries].reverse()) {
      const gone = new Set(added);
      this.data.set(collection, [...this.rows(collection).filter((d) => !gone.has(d)), ...removed]);
    }
    this.writes += 1;
  }

  private newId(): number {
    return this.nextId++;
  }

  private insert(rows: Doc[], doc: Doc): Doc {
    if (Object.keys(doc).some((k) => k.startsWith('$'))) fail('a document to insert has a top-level $ field name', 52);
    doc._id ??= this.newId();
    rows.push(structuredClone(doc));
    return doc;
  }

  private applyUpdate(rows: Doc[], filter: Doc, update: unknown, options: Doc): { matched: number; upserted?: Doc; index?: number } {
    validateUpdate(update);
    const candidates = sorted(mingoFind(rows, filter).all() as Doc[], options.sort);
    const target = candidates[0];
    if (target) {
      const index = rows.indexOf(target);
      let copy = structuredClone(target);
      const modifier = Array.isArray(update) ? update : (({ $setOnInsert: _ignored, ...rest }) => rest)(update as Doc);
      if (Array.isArray(modifier) || Object.keys(modifier).length > 0) copy = updated(copy, modifier);
      rows[index] = copy;
      return { matched: 1, index };
    }
    if (!options.upsert) return { matched: 0 };
    let created: Doc = structuredClone(equalities(filter));
    if (Array.isArray(update)) {
      created = updated(created, update);
    } else {
      const { $setOnInsert, ...rest } = update as Doc;
      if (Object.keys(rest).length > 0) created = updated(created, rest);
      if ($setOnInsert) created = updated(created, { $set: $setOnInsert });
    }
    created._id ??= this.newId();
    rows.push(created);
    return { matched: 0, upserted: created, index: rows.length - 1 };
  }

  private record(collection: string, method: string, filter: unknown, options: Doc = {}, update?: unknown): void {
    this.calls.push({
      collection,
      method,
      ...(filter ? { filter: filter as Doc } : {}),
      ...(options.sort ? { sort: options.sort } : {}),
      ...(update !== undefined ? { update } : {}),
      session: Boolean(options.session),
    });
  }

  private collection(name: string): any {
    const self = this;
    const run = async <T>(method: string, filter: unknown, options: Doc | undefined, body: () => T, update?: unknown): Promise<T> => {
      const gate = self.takeGate(name, method);
      if (gate) await gate;
      self.record(name, method, filter, options ?? {}, update);
      if (self.lost) throw self.lost;
      const failure = self.takeFailure(name, method);
      if (failure && !failure.after) throw failure.error;
      const result = body();
      if (failure) throw failure.error;
      return result;
    };
    return {
      collectionName: name,
      async createIndexes(specs: IndexDescription[]) {
        // As MongoDB: a unique index the documents already break is not created at all.
        const before = self.indexes.get(name) ?? [];
        self.indexes.set(name, [...before, ...specs]);
        try {
          self.checkUnique(name, self.rows(name));
        } catch (error) {
          self.indexes.set(name, before);
          throw error;
        }
        return specs.map((s) => Object.keys(s.key as Doc).join('_'));
      },
      find(filter: Doc, options: Doc = {}) {
        let sort: Doc | undefined;
        let limit: number | undefined;
        let skip = 0;
        let results: Promise<Doc[]> | undefined;
        const matching = () => sorted(mingoFind(self.rows(name), filter).all() as Doc[], sort);
        const all = () =>
          (results ??= run('find', filter, { ...options, sort }, () => {
            const found = matching().slice(skip);
            return (limit ? found.slice(0, limit) : found).map((d) => project(d, options.projection));
          }));
        // What `next` reads: the documents still ahead (as stored), read when the documents last changed.
        let ahead: Doc[] | undefined;
        let readAt = 0;
        let last: Doc | undefined;
        let given = 0;
        let closed = false;
        const live = !options.session?.snapshot;
        /** The documents after the cursor's position in its sort, as they are now (a standalone server's cursor). */
        const afterPosition = (): Doc[] => {
          if (!last || !sort || Object.keys(sort).length === 0) return ahead!;
          const now = mingoFind(self.rows(name), filter).all() as Doc[];
          // The position last, among documents of the same sort key: those are behind it (stable sort).
          const order = sorted([...now.filter((d) => d !== last), last], sort);
          const rest = order.slice(order.indexOf(last) + 1);
          return limit ? rest.slice(0, Math.max(0, limit - given)) : rest;
        };
        const cursor = {
          sort(spec: Doc) {
            sort = spec;
            return cursor;
          },
          limit(n: number) {
            limit = n;
            return cursor;
          },
          skip(n: number) {
            skip = n;
            return cursor;
          },
          withReadPreference() {
            return cursor;
          },
          // The server's batches: the documents are all here already.
          batchSize() {
            return cursor;
          },
          toArray: () => all(),
          // GridFS reads chunks one by one; the backup's pages too.
          async next() {
            if (closed) return null;
            if (!ahead) {
              ahead = await run('find', filter, { ...options, sort }, () => {
                const found = matching().slice(skip);
                return limit ? found.slice(0, limit) : found;
              });
              readAt = self.writes;
              self.openCursors.add(cursor);
            } else if (live && readAt !== self.writes) {
              ahead = afterPosition();
              readAt = self.writes;
            }
            const doc = ahead.shift();
            if (!doc) {
              closed = true;
              self.openCursors.delete(cursor);
              return null;
            }
            last = doc;
            given += 1;
            return project(doc, options.projection);
          },
          async close() {
            closed = true;
            self.openCursors.delete(cursor);
          },
        };
        return cursor;
      },
      // GridFS checks its indexes before a first upload, and creates the missing ones.
      listIndexes: () => ({ toArray: async () => [{ key: { _id: 1 }, name: '_id_' }, ...(self.indexes.get(name) ?? [])] }),
      async createIndex(key: Doc, options: Doc = {}) {
        self.indexes.set(name, [...(self.indexes.get(name) ?? []), { key, ...options } as IndexDescription]);
        self.checkUnique(name, self.rows(name));
        return Object.keys(key).join('_');
      },
      findOne: (filter: Doc, options: Doc = {}) =>
        run('findOne', filter, options, () => {
          const found = sorted(mingoFind(self.rows(name), filter).all() as Doc[], options.sort)[0];
          return found ? project(found, options.projection) : null;
        }),
      // Recorded as the first $match, and each $lookup as the query it makes of its collection (for the index check); evaluated by mingo.
      aggregate: (pipeline: Doc[], options: Doc = {}) => ({
        toArray: async () => {
          const rows = await run('aggregate', pipeline[0]?.$match ?? {}, options, () => mingoAggregate(self.rows(name), pipeline, { collectionResolver: (from: string) => self.rows(from) }) as Doc[]);
          for (const stage of pipeline) if (stage.$lookup) self.record(stage.$lookup.from, 'lookup', lookupFilter(stage.$lookup), {});
          return rows;
        },
      }),
      countDocuments: (filter: Doc = {}) => run('countDocuments', filter, {}, () => mingoFind(self.rows(name), filter).all().length),
      insertOne: (doc: Doc, options: Doc = {}) => run('insertOne', undefined, options, () => self.write(name, (rows) => ({ insertedId: self.insert(rows, doc)._id }), options.session)),
      insertMany: (docs: Doc[], options: Doc = {}) =>
        run('insertMany', undefined, options, () => {
          const insertedIds: Record<number, unknown> = {};
          // Ordered: what precedes a refused document stays inserted, as on the server.
          docs.forEach((doc, i) => {
            self.write(name, (rows) => self.insert(rows, doc), options.session);
            insertedIds[i] = doc._id;
          });
          return { insertedCount: docs.length, insertedIds };
        }),
      updateOne: (filter: Doc, update: unknown, options: Doc = {}) =>
        run(
          'updateOne',
          filter,
          options,
          () => {
            const result = self.write(name, (rows) => self.applyUpdate(rows, filter, update, options), options.session);
            return { matchedCount: result.matched, modifiedCount: result.matched, upsertedCount: result.upserted ? 1 : 0, upsertedId: result.upserted?._id ?? null };
          },
          update,
        ),
      updateMany: (filter: Doc, update: unknown, options: Doc = {}) =>
        run(
          'updateMany',
          filter,
          options,
          () =>
            self.write(
              name,
              (rows) => {
                validateUpdate(update);
                const targets = mingoFind(rows, filter).all() as Doc[];
                for (const target of targets) {
                  const index = rows.indexOf(target);
                  rows[index] = updated(structuredClone(target), update);
                }
                return { matchedCount: targets.length, modifiedCount: targets.length };
              },
              options.session,
            ),
          update,
        ),
      replaceOne: (filter: Doc, replacement: Doc, options: Doc = {}) =>
        run(
          'replaceOne',
          filter,
          options,
          () =>
            self.write(
              name,
              (rows) => {
                if (Object.keys(replacement).some((k) => k.startsWith('$'))) fail('Replacement document must not contain atomic operators', 9);
                const target = mingoFind(rows, filter).all()[0] as Doc | undefined;
                if (target) {
                  const index = rows.indexOf(target);
                  rows[index] = { ...structuredClone(replacement), _id: target._id };
                  return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };
                }
                if (!options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
                const base = structuredClone(equalities(filter));
                const created = { ...base, ...structuredClone(replacement), _id: base._id ?? self.newId() };
                rows.push(created);
                return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: created._id };
              },
              options.session,
            ),
          replacement,
        ),
      findOneAndUpdate: (filter: Doc, update: unknown, options: Doc = {}) =>
        run(
          'findOneAndUpdate',
          filter,
          options,
          () =>
            self.write(
              name,
              (rows) => {
                const before = sorted(mingoFind(rows, filter).all() as Doc[], options.sort)[0];
                const result = self.applyUpdate(rows, filter, update, options);
                if (result.index === undefined) return null;
                const shown = options.returnDocument === 'after' ? rows[result.index]! : before;
                return shown ? project(shown, options.projection) : null;
              },
              options.session,
            ),
          update,
        ),
      findOneAndDelete: (filter: Doc, options: Doc = {}) =>
        run('findOneAndDelete', filter, options, () =>
          self.write(
            name,
            (rows) => {
              const target = sorted(mingoFind(rows, filter).all() as Doc[], options.sort)[0];
              if (!target) return null;
              rows.splice(rows.indexOf(target), 1);
              return project(target, options.projection);
            },
            options.session,
          ),
        ),
      deleteOne: (filter: Doc, options: Doc = {}) =>
        run('deleteOne', filter, options, () =>
          self.write(
            name,
            (rows) => {
              const target = mingoFind(rows, filter).all()[0] as Doc | undefined;
              if (target) rows.splice(rows.indexOf(target), 1);
              return { deletedCount: target ? 1 : 0 };
            },
            options.session,
          ),
        ),
      deleteMany: (filter: Doc, options: Doc = {}) =>
        run('deleteMany', filter, options, () =>
          self.write(
            name,
            (rows) => {
              const targets = new Set(mingoFind(rows, filter).all() as Doc[]);
              const kept = rows.filter((r) => !targets.has(r));
              rows.splice(0, rows.length, ...kept);
              return { deletedCount: targets.size };
            },
            options.session,
          ),
        ),
      bulkWrite: (operations: Array<{ updateOne: { filter: Doc; update: unknown; upsert?: boolean } }>, options: Doc = {}) =>
        run('bulkWrite', undefined, options, () => {
          const upsertedIds: Record<number, unknown> = {};
          const writeErrors: Array<{ index: number; code: number; errmsg: string }> = [];
          operations.forEach((operation, index) => {
            const { filter, update, upsert } = operation.updateOne;
            try {
              const result = self.write(name, (rows) => self.applyUpdate(rows, filter, update, { upsert }));
              if (result.upserted) upsertedIds[index] = result.upserted._id;
            } catch (error) {
              const code = (error as { code?: number }).code ?? 1;
              writeErrors.push({ index, code, errmsg: (error as Error).message });
            }
          });
          if (writeErrors.length > 0) {
            throw new MongoBulkWriteError({ message: writeErrors[0]!.errmsg, code: writeErrors[0]!.code, writeErrors } as never, { upsertedIds } as never);
          }
          return { upsertedIds };
        }),
      async dropIndexes() {
        self.indexes.delete(name);
      },
    };
  }

  private makeDb(): Db {
    const self = this;
    const collections = new Map<string, unknown>();
    return {
      collection(name: string) {
        let c = collections.get(name);
        if (!c) {
          c = self.collection(name);
          collections.set(name, c);
        }
        return c;
      },
      admin: () => ({
        async command(command: Doc) {
          if ('buildInfo' in command) {
            const version = self.options.version ?? '7.0.14';
            return { version, versionArray: version.split('.').map(Number), ok: 1 };
          }
          if ('hello' in command) return self.options.transactions ? { isWritablePrimary: true, setName: 'rs0', ok: 1 } : { isWritablePrimary: true, ok: 1 };
          return { ok: 1 };
        },
      }),
      command: async () => ({ ok: 1 }),
      async dropDatabase() {
        self.calls.push({ collection: '*', method: 'dropDatabase', session: false });
        self.data.clear();
        self.writes += 1;
        return true;
      },
    } as unknown as Db;
  }

  /** Sessions: a transaction works on copies of every collection, kept only when it succeeds. */
  private makeClient(): Pick<MongoClient, 'withSession' | 'startSession' | 'close'> {
    const self = this;
    const session = (options: Doc = {}) => {
      const s = {
        snapshot: Boolean(options.snapshot),
        undo: [] as Undo['undo'],
        async withTransaction<T>(fn: () => Promise<T>): Promise<T> {
          if (!self.options.transactions) fail('Transaction numbers are only allowed on a replica set member or mongos', 20);
          s.undo = [];
          try {
            return await fn();
          } catch (error) {
            self.undo(s.undo);
            throw error;
          } finally {
            s.undo = [];
          }
        },
        ended: false,
        cursorsOpenAtEnd: undefined as number | undefined,
        async endSession() {
          s.ended = true;
          s.cursorsOpenAtEnd = self.openCursors.size;
        },
      };
      self.sessions.push(s);
      return s;
    };
    return {
      close: (async () => {}) as never,
      startSession: ((options?: Doc) => session(options)) as never,
      withSession: (async (fn: (s: unknown) => Promise<unknown>) => fn(session())) as never,
    };
  }
}
