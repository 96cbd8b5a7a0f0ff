import Database from 'better-sqlite3';
import type { JsonValue } from '@griot/flows';
import type { ExpiringKeyValue } from './ExpiringKeyValue.ts';

interface Write {
  kind: 'claim' | 'put';
  key: string;
  expiresAt: string;
  value: string;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * `ExpiringKeyValue` in an SQLite file (WAL, like the runtime's store): survives restarts and is
 * shared by every process on the machine. `insertIfAbsent` is one statement, hence atomic.
 *
 * Group commit: the writes asked for in the same turn of the event loop are committed in one
 * transaction (each promise resolves once it is committed), so a burst of messages costs one
 * commit rather than one per write. Expired rows are purged every `purgeEveryMs`.
 */
export class SqliteKeyValue implements ExpiringKeyValue {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly timer: NodeJS.Timeout;
  private readonly commit: (writes: Write[]) => number[];
  private queued: Write[] = [];

  constructor(path: string, private readonly now: () => number = Date.now, purgeEveryMs = 10 * 60_000) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS ledger (key TEXT PRIMARY KEY, expires_at TEXT NOT NULL, value TEXT NOT NULL) WITHOUT ROWID');
    this.db.exec('CREATE INDEX IF NOT EXISTS ledger_expiry ON ledger (expires_at)');
    this.statements = {
      claim: this.db.prepare<[string, string, string, string]>(
        `INSERT INTO ledger (key, expires_at, value) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, value = excluded.value WHERE ledger.expires_at <= ?`,
      ),
      get: this.db.prepare<[string, string], { value: string }>('SELECT value FROM ledger WHERE key = ? AND expires_at > ?'),
      put: this.db.prepare<[string, string, string]>(
        'INSERT INTO ledger (key, expires_at, value) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, value = excluded.value',
      ),
      purge: this.db.prepare<[string]>('DELETE FROM ledger WHERE expires_at <= ?'),
    };
    this.commit = this.db.transaction((writes: Write[]) => {
      const now = this.iso();
      return writes.map((w) => (w.kind === 'claim'
        ? this.statements.claim.run(w.key, w.expiresAt, w.value, now).changes
        : this.statements.put.run(w.key, w.expiresAt, w.value).changes));
    });
    this.timer = setInterval(() => void this.purgeExpired(), purgeEveryMs);
    this.timer.unref();
  }

  insertIfAbsent(key: string, value: JsonValue, expiresAt: string): Promise<boolean> {
    return this.enqueue('claim', key, value, expiresAt);
  }

  async get(key: string): Promise<JsonValue | null> {
    const row = this.statements.get.get(key, this.iso());
    return row ? (JSON.parse(row.value) as JsonValue) : null;
  }

  async put(key: string, value: JsonValue, expiresAt: string): Promise<void> {
    await this.enqueue('put', key, value, expiresAt);
  }

  async purgeExpired(): Promise<number> {
    return this.db.open ? this.statements.purge.run(this.iso()).changes : 0;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    if (this.db.open) this.db.close();
  }

  private enqueue(kind: Write['kind'], key: string, value: JsonValue, expiresAt: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ kind, key, expiresAt, value: JSON.stringify(value), resolve, reject });
    });
  }

  private flush(): void {
    const writes = this.queued;
    if (writes.length === 0) return;
    this.queued = [];
    let changes: number[];
    try {
      changes = this.commit(writes);
    } catch (error) {
      for (const w of writes) w.reject(error);
      return;
    }
    writes.forEach((w, i) => w.resolve(changes[i] === 1));
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
