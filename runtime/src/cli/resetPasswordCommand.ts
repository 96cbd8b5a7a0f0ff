import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openStore, storeOptionsOf } from '../store/openStore.ts';
import { createAuditLog } from '../audit/auditLog.ts';
import type { ServiceContext } from '../context.ts';
import { resetPassword } from '../auth/resetPassword.ts';
import { credentialBlock, RESET_HINT } from '../auth/credentialBlock.ts';
import { CallerHasher } from '../analytics/CallerHasher.ts';
import { analyticsKeyAgrees } from '../analytics/analyticsKeyCheck.ts';

/**
 * `griot users reset-password <username>`: a new random password, shown once, and the
 * account's login blocks lifted, for an admin who cannot log in. Opens the store the server
 * uses (DATA_DIR or MONGODB_URI); safe while the server runs (SQLite in WAL mode takes a
 * second process). Audited with actor `cli`. Refused (78, nothing changed) when its analytics key
 * is not the server's (GRIOT_ANALYTICS_KEY missing or different here): the account's login blocks
 * are named with that key, and would stay.
 */
export async function resetPasswordCommand(username: string, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  const store = await openStore(storeOptionsOf(config));
  try {
    const now = () => new Date().toISOString();
    const ctx: ServiceContext = { store, now, newId: randomUUID, audit: createAuditLog(store, now, randomUUID), logger: createLogger({ logLevel: 'silent' }) };
    // The server's key (GRIOT_ANALYTICS_KEY or the store's): the login counters are named with it.
    const hasher = CallerHasher.open(store, config.analytics.key);
    hasher.catch(() => undefined); // unread when no user has that name; resetPassword falls back otherwise
    // With another key the account's blocks would stay, the new password refused 429 "ask an admin to reset it": say so, change nothing.
    const agrees = await hasher.then(
      (h) => analyticsKeyAgrees(store, h, Date.now()),
      () => 'unknown' as const,
    );
    if (agrees === 'different') {
      console.error(
        `griot: ${config.analytics.key ? 'this GRIOT_ANALYTICS_KEY is not the one the server runs with' : 'the server runs with GRIOT_ANALYTICS_KEY, which is not set here'}: the server names an account's login blocks with that key, so with another they would stay and the new password would be refused. Run the command with the server's environment (the same GRIOT_ANALYTICS_KEY, e.g. \`docker compose exec griot npx griot users reset-password ${username}\`); the account was not changed.`,
      );
      return 78; // EX_CONFIG, as the server for a setting to fix
    }
    const reset = await resetPassword(ctx, username, 'cli', hasher);
    if (!reset) {
      const known = (await store.listUsers()).map((u) => u.username);
      console.error(`griot: no user named "${username}" in the ${store.kind} store${config.mongodbUri ? '' : ` at ${config.sqlitePath ?? config.dataDir}`}; users: ${known.join(', ') || 'none'}`);
      return 1;
    }
    const notes = [
      'It is shown only this once. Log in with it: Griot then asks for a password of your own.',
      `Login blocks on this account were lifted (${reset.countersCleared} counter(s) cleared); blocks on an address stay until they end.`,
      ...(reset.sessionsEnded > 0 ? [`${reset.sessionsEnded} browser session(s) of ${username} were logged out.`] : []),
      ...(reset.tokensRevoked > 0 ? [`${reset.tokensRevoked} API token(s) of ${username} were revoked.`] : []),
      ...(reset.user.disabled ? [`This account is DISABLED: an admin must enable it (PATCH /api/users/${reset.user.id} with {"disabled": false}).`] : []),
      `${RESET_HINT} ${username}`,
    ];
    console.log(credentialBlock(`GRIOT: NEW PASSWORD FOR ${username}`, username, reset.password, notes));
    return 0;
  } finally {
    await store.close();
  }
}
