import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useLogDigestKey } from '@griot/connectors';
import { loadConfig, type Config } from '../config.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import { CallerHasher } from '../analytics/CallerHasher.ts';
import { logDigestsOf } from '../conversations/logKey.ts';

/**
 * `griot log-key <number>`: the `#digest` the server's logs show for a subscriber's number
 * (`whatsapp:#0c4b36f600`), to follow one caller through the logs. Keyed like the server's
 * (GRIOT_ANALYTICS_KEY, or the key kept in the store the server uses): run it with the server's
 * environment; with another key the digest matches nothing.
 */
export async function logKeyCommand(number: string, env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<number> {
  const digests = logDigestsOf(number);
  if (digests.length === 0) {
    console.error(`griot: "${number}" is not a phone number (6 digits or more, with or without +): logs replace only such numbers`);
    return 2;
  }
  const config = loadConfig(env);
  const key = config.analytics.key !== undefined ? { ok: true as const, key: config.analytics.key } : await storedKey(config);
  if (!key.ok) {
    console.error(
      `griot: no key to compute digests with: GRIOT_ANALYTICS_KEY is not set and ${key.why}. Run it with the server's environment (DATA_DIR or GRIOT_SQLITE_PATH, MONGODB_URI, GRIOT_ANALYTICS_KEY)`,
    );
    // 69 (EX_UNAVAILABLE): the store could not be reached; 78: nothing to read a key from.
    return key.unreachable ? 69 : 78;
  }
  useLogDigestKey(CallerHasher.withKey(key.key).logDigestKey());
  for (const { spelling, digest } of logDigestsOf(number)) print(`${spelling}\t${digest}`);
  return 0;
}

/**
 * The key the server keeps in its store, read without keeping one. Without the server's key a
 * digest matches nothing: a wrong DATA_DIR or a forgotten MONGODB_URI must not get a store and a
 * key of their own.
 */
async function storedKey(config: Config): Promise<{ ok: true; key: string } | { ok: false; why: string; unreachable?: boolean }> {
  const options = storeOptionsOf(config);
  if (options.mongodbUri !== undefined) {
    // Read by its id, nothing created; a server out of reach is said in seconds, not after a server's wait.
    const { storedAnalyticsKeyAt } = await import('../store/mongo/storedKeyReader.ts');
    const read = await storedAnalyticsKeyAt(options.mongodbUri);
    if (!read.ok) return { ...read, unreachable: true };
    return read.key === undefined ? { ok: false, why: 'the MongoDB store holds no key yet (no server has run on it, or MONGODB_URI names another database)' } : { ok: true, key: read.key };
  }
  const sqlitePath = options.sqlitePath ?? join(options.dataDir, 'griot.db');
  if (!existsSync(sqlitePath)) return { ok: false, why: `there is no store at ${sqlitePath}` };
  const store = await openStore(options);
  try {
    const key = await store.storedAnalyticsKey();
    return key === undefined ? { ok: false, why: 'the store holds no key yet (no server has run on it)' } : { ok: true, key };
  } finally {
    await store.close();
  }
}
