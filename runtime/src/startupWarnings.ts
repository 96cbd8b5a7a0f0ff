import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { unknownGriotVariables } from './unknownGriotVariables.ts';
import type { Store } from './store/types.ts';
import { rolesAllow } from './auth/roles.ts';

/** The channels' credentials that take a `_PREVIOUS` value while they are rotated (accepted inbound, never used to sign). */
export const ROTATED_SECRETS = [
  'WHATSAPP_APP_SECRET',
  'MESSENGER_APP_SECRET',
  'JAMBONZ_WEBHOOK_SECRET',
  'JAMBONZ_WS_USERNAME',
  'JAMBONZ_WS_PASSWORD',
  'TELEGRAM_WEBHOOK_SECRET',
  'USSD_CALLBACK_TOKEN',
] as const;

/**
 * What start-up says about settings that are accepted but probably not what the operator meant:
 * a `GRIOT_*` variable Griot does not read (one line each, with the closest known name, never
 * the value); in production, session cookies that would go without `Secure` behind a TLS proxy,
 * and live sensitive values kept in clear for want of GRIOT_DATA_KEY.
 */
export function warnAboutSettings(config: Config, logger: Logger): void {
  for (const { name, suggestion } of unknownGriotVariables(config.env)) {
    logger.warn(
      { event: 'config.unknownVariable', variable: name, ...(suggestion ? { suggestion } : {}) },
      `${name} is not a Griot setting and is ignored${suggestion ? `: did you mean ${suggestion}?` : ''}`,
    );
  }
  // A rotation left half done keeps the old secret working: said at every start until it is removed.
  for (const name of ROTATED_SECRETS) {
    const previous = `${name}_PREVIOUS`;
    if (!config.env[previous]?.trim()) continue;
    const alone = !config.env[name]?.trim();
    logger.warn(
      { event: 'config.previousSecret', variable: previous },
      alone
        ? `${previous} is set without ${name}: it is ignored (a previous secret is accepted only beside the current one)`
        : `${previous} is set: requests signed or authenticated with the previous value are still accepted. Remove it once the platform uses only ${name} (docs/deploy.md, "Rotating a channel's secret")`,
    );
  }
  if (config.nodeEnv === 'production' && !config.publicUrl?.startsWith('https://') && config.trustProxy === false) {
    logger.warn(
      { event: 'config.insecureCookies' },
      'session cookies lack the Secure flag unless the request reaches Griot itself over https: behind a TLS proxy, set GRIOT_PUBLIC_URL=https://… or GRIOT_TRUST_PROXY (the proxy sends X-Forwarded-Proto), or the cookie may travel in clear',
    );
  }
  // A hop count believes X-Forwarded-For from any peer: one that reaches the port without the proxy
  // picks the address every allow-list and throttle reads. Accepted (a port only the proxy reaches
  // is a sound set-up), but said at every start in production with the safe form.
  if (config.nodeEnv === 'production' && typeof config.trustProxy === 'number' && config.trustProxy > 0) {
    logger.warn(
      { event: 'config.trustProxyHops', variable: 'GRIOT_TRUST_PROXY', hops: config.trustProxy },
      `GRIOT_TRUST_PROXY=${config.trustProxy} is a hop count: it believes X-Forwarded-For whoever sends it, so a client that reaches Griot without the proxy chooses the address USSD_ALLOWED_IPS, GRIOT_SECRET_GUESSES_ALLOWED_IPS and every per-address throttle (logins, tokens, wrong secrets, connections) read. Name the proxy's addresses instead (GRIOT_TRUST_PROXY=10.0.0.5, or its range), or make sure nothing but the proxy reaches this port (docs/configuration.md, "Behind a proxy")`,
    );
  }
  // Accepted (a laptop, a first try), but production keeps live PUK codes in clear without it.
  if (config.nodeEnv === 'production' && !config.dataKeys) {
    logger.warn(
      { event: 'config.noDataKey' },
      'no GRIOT_DATA_KEY: the sensitive values of live contacts (PUK codes, balances, Mobile Money transactions) are stored in clear in the store until each contact ends; set GRIOT_DATA_KEY (docs/configuration.md, "Sensitive values at rest")',
    );
  }
}

/**
 * At start: the agents none were assigned to yet (an install from before assignments), who still
 * answer every queue. Said once, with their names (at most 20), until an admin assigns their
 * queues; the users page says it too.
 */
export async function warnAboutUnassignedAgents(store: Pick<Store, 'listUsers'>, logger: Pick<Logger, 'warn'>): Promise<number> {
  const unassigned = (await store.listUsers()).filter((u) => !u.disabled && u.queues === undefined && u.roles.includes('agent') && !rolesAllow(u.roles, ['supervisor']));
  if (unassigned.length === 0) return 0;
  const names = unassigned.slice(0, 20).map((u) => u.username);
  logger.warn(
    { event: 'agents.everyQueue', agents: unassigned.length, usernames: names },
    `${unassigned.length} agent(s) still answer every queue (${names.join(', ')}${unassigned.length > names.length ? ', …' : ''}): an admin assigns their queues on the users page (PATCH /api/users/{id} with queues)`,
  );
  return unassigned.length;
}

/**
 * In production, an embedded store other users of the machine may read: a file made by a release
 * before 2026-12-07 (0644 under the usual umask), which start-up leaves as it is (its mode may be
 * the operator's choice, a group that reads it, never the world). It holds password hashes,
 * callers' numbers and memory, and without GRIOT_DATA_KEY live sessions' sensitive values.
 */
export function warnAboutStoreFile(config: Config, logger: Logger): void {
  if (config.nodeEnv !== 'production' || config.mongodbUri) return;
  const path = config.sqlitePath ?? join(config.dataDir, 'griot.db');
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return;
  }
  if ((mode & 0o004) === 0) return;
  logger.warn(
    { event: 'store.readableByOthers', path, mode: mode.toString(8) },
    `${path} may be read by every user of this machine (mode ${mode.toString(8)}, as releases before 2026-12-07 made it): it holds password hashes and callers' numbers; chmod 600 it and its -wal and -shm files, and chmod 700 its directory (docs/deploy.md, "Upgrading")`,
  );
}
