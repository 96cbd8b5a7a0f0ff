import { useLogDigestKey } from '@griot/connectors';
import { loadConfig } from '../config.ts';
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
  const store = await openStore(storeOptionsOf(config));
  try {
    useLogDigestKey((await CallerHasher.open(store, config.analytics.key)).logDigestKey());
    for (const { spelling, digest } of logDigestsOf(number)) print(`${spelling}\t${digest}`);
    return 0;
  } finally {
    await store.close();
  }
}
