import type { Db } from 'mongodb';
import { urlSchemeAndHost } from '../../config.ts';
import type { AnalyticsStateDocument } from './analyticsDocuments.ts';
import { databaseNameOf } from './MongoStore.ts';
import { withoutCredentials } from './mongoUriShown.ts';

/** How long `griot log-key` waits for a MongoDB server before saying it cannot reach it. */
export const KEY_READ_TIMEOUT_MS = 4_000;

/**
 * The analytics key a MongoDB store keeps (`analyticsState`, `_id: callerKey`), read by its `_id`
 * only: no index made, no collection created, nothing written (a wrong database name must not get
 * a store of its own).
 */
export async function readStoredAnalyticsKey(db: Db): Promise<string | undefined> {
  const found = await db.collection<AnalyticsStateDocument>('analyticsState').findOne({ _id: 'callerKey' });
  return typeof found?.value === 'string' ? found.value : undefined;
}

/**
 * The key of the store at `uri`, for a command run by hand: the server is given a few seconds
 * (`KEY_READ_TIMEOUT_MS`), not a server's patience, and what fails says where by scheme and host
 * only, never the URI's user, password or options.
 */
export async function storedAnalyticsKeyAt(uri: string, timeoutMs = KEY_READ_TIMEOUT_MS): Promise<{ ok: true; key: string | undefined } | { ok: false; why: string }> {
  const { MongoClient } = await import('mongodb');
  let client: InstanceType<typeof MongoClient> | undefined;
  try {
    client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
    await client.connect();
    return { ok: true, key: await readStoredAnalyticsKey(client.db(databaseNameOf(uri))) };
  } catch (error) {
    const reason = withoutCredentials(error instanceof Error ? error.message : String(error), uri);
    return { ok: false, why: `the MongoDB store at ${urlSchemeAndHost(uri)} could not be read within ${timeoutMs / 1000} s (${reason})` };
  } finally {
    await client?.close().catch(() => undefined);
  }
}
