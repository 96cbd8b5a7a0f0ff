import { z } from 'zod';
import { callbacksOutConfig, callbacksOutEnv, type CallbacksOutConfig } from './handoff/callbacksOutConfig.ts';
import { voiceEnv, type VoiceEnv } from '@griot/connectors/voice/voiceEnv';
import { authThrottleConfig, authThrottleEnv, type AuthThrottleConfig, type TrustProxy } from './auth/throttle/authThrottleConfig.ts';
import { egressConfig, egressEnv, tooShortSecret, type EgressConfig } from './webhooks/egressConfig.ts';
import { parseDataKeys, type DataKeyring } from './sensitive/dataKeys.ts';
import { analyticsConfig, analyticsEnv, analyticsSecrets, type AnalyticsConfig } from './analytics/analyticsConfig.ts';
import { clusterConfig, clusterEnv, type ClusterConfig } from './cluster/clusterConfig.ts';
import { pauseReasonsEnv, type PauseReason } from './handoff/pauseReasons.ts';
import { connectionLimits, connectionLimitsEnv, type ConnectionLimits } from './http/connectionLimits.ts';
import { heapEnv } from './memory/heapGrowth.ts';

/** Thrown when the environment holds a value Griot cannot start with; names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** `name=url,name=url` → { name: url }; each URL must be http(s). */
const BackendList = z.string().transform((text, ctx) => {
  const backends: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const url = part.slice(eq + 1).trim();
    if (eq <= 0 || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name) || !/^https?:\/\/\S+$/.test(url)) {
      ctx.addIssue({ code: 'custom', message: `"${urlSchemeAndHost(part)}" is not name=http(s)://url (expected a list such as operator=https://is.example/api,crm=http://crm:8080)` });
      return z.NEVER;
    }
    backends[name] = url;
  }
  return backends;
});

const Flag = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'must be 1 or 0' }))
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const optionalText = z.string().trim().min(1).optional();
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Whether a variable's value is a secret: a token, a key, a password, a secret (GRIOT_ADMIN_TOKEN,
 * GRIOT_DATA_KEY, OPENAI_API_KEY, WHATSAPP_APP_SECRET…). One rule for every message that could
 * quote a value: a secret's value is never shown, not even a wrong one (it may be the right one
 * with a typo, or a real secret pasted in the wrong variable).
 */
export function isSecretVariable(name: string): boolean {
  // SECRETS is left out on purpose: GRIOT_FLOW_SECRETS holds variables' names, not their values.
  return /(^|_)(TOKENS?|SECRET|PASSWORDS?|PASSPHRASES?|PASS|KEYS?|CREDENTIALS?)(_|$)/.test(name.toUpperCase());
}

/** Variables holding a URL or a list of them: credentials may sit anywhere in one (`user:pw@`, `TOKEN@`, `?apikey=`). */
const isUrlVariable = (name: string) => /(_URI|_URL|_URLS|_DSN)$/.test(name.toUpperCase()) || name.toUpperCase().startsWith('GRIOT_BACKENDS_');

/**
 * What a message may quote of a URL, or of a list of them (`a=https://…,b=…`, a MongoDB host list):
 * each one's scheme and host only. Whatever stands before an `@` (a user and password, a token) and
 * whatever follows the host (a path, a query string with `apikey=` or `authMechanismProperties=`)
 * may be a credential, and is left out (`…`).
 */
export function urlSchemeAndHost(text: string): string {
  return text
    .split(',')
    .map((part) => {
      const named = /^\s*([A-Za-z][A-Za-z0-9_-]*=)/.exec(part);
      let rest = named ? part.slice(named[0].length) : part;
      const scheme = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rest);
      rest = scheme ? rest.slice(scheme[0].length) : rest.trimStart();
      const at = rest.lastIndexOf('@');
      const hidden = at >= 0;
      if (hidden) rest = rest.slice(at + 1);
      const host = /^[^/?#\s]*/.exec(rest)![0];
      const tail = rest.slice(host.length).trim();
      return `${named?.[1] ?? ''}${scheme?.[0].trim() ?? ''}${hidden ? '…@' : ''}${host}${tail ? '/…' : ''}`;
    })
    .join(',');
}

/**
 * What an error may quote of a variable's value: nothing of a secret (undefined), of a URL or a
 * list of URLs (MONGODB_URI, GRIOT_BACKENDS_*, *_URL, *_DSN) only schemes and hosts, anything else
 * as it is.
 */
export function shownValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined || isSecretVariable(name)) return undefined;
  return isUrlVariable(name) ? urlSchemeAndHost(value) : value;
}

/** zod's wording of a setting's mistake in plain words ("must be a whole number from 0 to 65535"). */
function plainMessage(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  const bounds = numberBounds(schema);
  const number = issue.code === 'invalid_type' && issue.expected === 'number';
  const outOfRange = (issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number';
  if ((number || outOfRange || (issue.code === 'invalid_type' && issue.expected === 'int')) && bounds) return `must be a whole number from ${bounds.min} to ${bounds.max}`;
  if (number) return 'must be a whole number';
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${(issue.values as unknown[]).map((v) => String(v)).join(', ')}`;
  return issue.message;
}

/** A number setting's bounds, read from its schema (under its default or optional). */
function numberBounds(schema: z.ZodType | undefined): { min: number; max: number } | undefined {
  let inner: unknown = schema;
  while (inner && typeof (inner as { unwrap?: unknown }).unwrap === 'function') inner = (inner as { unwrap: () => unknown }).unwrap();
  const { minValue, maxValue } = (inner ?? {}) as { minValue?: number | null; maxValue?: number | null };
  return typeof minValue === 'number' && typeof maxValue === 'number' && Number.isFinite(minValue) && Number.isFinite(maxValue) ? { min: minValue, max: maxValue } : undefined;
}

/** The time zone of backups' cron and callback windows when GRIOT_TIMEZONE is unset. */
const DEFAULT_TIMEZONE = 'Africa/Porto-Novo';

/**
 * Whether Intl knows the zone. The default zone and UTC are known without asking: asking loads
 * ICU's locale data, megabytes a server holds for its life (issue 17's idle memory), for a zone
 * that only a scheduled backup or a callback window will read.
 */
const isTimeZone = (zone: string) => {
  if (zone === DEFAULT_TIMEZONE || zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Every environment variable Griot reads at start-up, with its default. */
const Env = z.object({
  PORT: whole(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** The SQLite database file (default `DATA_DIR/griot.db`): processes with their own DATA_DIR can share one. */
  GRIOT_SQLITE_PATH: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FLUSH_MS: whole(0, 10_000).default(100),
  /** Unset: on, except with NODE_ENV=production (a production server does not publish the demo by surprise). */
  GRIOT_DEMO: Flag.optional(),
  GRIOT_ADMIN_TOKEN: z.string().trim().min(24, 'must be at least 24 characters').optional(),
  GRIOT_DEFAULT_REGION: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 region such as BJ')
    .default('BJ'),
  GRIOT_SESSION_TTL_MINUTES: whole(1, 24 * 60).default(30),
  /** A browser session its user left unused this long ends (0: only the 12-hour limit). */
  GRIOT_LOGIN_IDLE_MINUTES: whole(0, 12 * 60).default(30),
  GRIOT_RETENTION_DAYS: whole(1, 36500).default(365),
  GRIOT_HANDOFF_RETENTION_DAYS: whole(1, 36500).optional(),
  GRIOT_ARCHIVE_DAYS: whole(1, 36500).default(30),
  /** Flows the store may hold, archived ones included (each keeps up to 2,000 versions and its prompts); then a create or an import is refused (409 `flows_full`). */
  GRIOT_MAX_FLOWS: whole(1, 1_000_000).default(500),
  /** Recorded prompts one flow may hold, in MiB, all files together; then an upload is refused (409 `audio_flow_quota_full`; past GRIOT_AUDIO_MAX_MB, `audio_quota_full`). */
  GRIOT_AUDIO_MAX_MB_PER_FLOW: whole(1, 10_000_000).default(500),
  /** Recorded prompts all flows together may hold, in MiB. */
  GRIOT_AUDIO_MAX_MB: whole(1, 100_000_000).default(5120),
  GRIOT_PREVIEW_TRANSCRIPTS_PER_USER: whole(1, 100_000).default(200),
  GRIOT_PREVIEW_TRANSCRIPTS_MAX: whole(1, 10_000_000).default(20_000),
  /** Whether someone may approve their own request to publish (off: four eyes). */
  GRIOT_PUBLICATION_SELF_APPROVAL: Flag.default(false),
  GRIOT_BACKENDS_STAGING: BackendList.default({}),
  GRIOT_BACKENDS_PRODUCTION: BackendList.default({}),
  GRIOT_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // ---- Intent classification (runtime/src/intents): an OpenAI-compatible model, optional ----
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:8000/v1' }).optional(),
  OPENAI_API_KEY: optionalText,
  GRIOT_LLM_MODEL: z.string().trim().min(1).max(200).optional(),
  /** How long one request for suggested translations may take (a batch of texts, not a caller waiting). */
  GRIOT_LLM_TRANSLATION_TIMEOUT_MS: whole(100, 600_000).default(60_000),
  // ---- end intent classification ----
  // ---- Callbacks out (runtime/src/handoff/callbacksOutConfig.ts): JAMBONZ_API_*, GRIOT_CALLBACK_*, optional ----
  ...callbacksOutEnv,
  /** Why agents pause (« Pause courte=15;Pause déjeuner=60 »): the minutes after which supervisors see the pause run long. */
  ...pauseReasonsEnv,
  // ---- Login and bearer-token throttling, trusted proxies (runtime/src/auth/throttle) ----
  ...authThrottleEnv,
  // ---- Where flows' requests may go (runtime/src/webhooks/egressConfig.ts): GRIOT_FLOW_SECRETS, GRIOT_HTTP_ALLOWED_HOSTS ----
  ...egressEnv,
  // ---- Analytics and metrics (runtime/src/analytics/analyticsConfig.ts): GRIOT_ANALYTICS*, GRIOT_CONTAINMENT_WINDOW_HOURS, GRIOT_SERVICE_LEVEL_SECONDS ----
  ...analyticsEnv,
  // ---- Several instances on one store (runtime/src/cluster/clusterConfig.ts): events, job leases, draining, scheduled backups ----
  ...clusterEnv,
  // ---- The server's heap (runtime/src/memory/heapGrowth.ts): GRIOT_HEAP_GROWTH_PERCENT ----
  ...heapEnv,
  // ---- Slow clients and connections held (runtime/src/http/connectionLimits.ts): GRIOT_HEADERS_TIMEOUT_SECONDS, GRIOT_REQUEST_TIMEOUT_SECONDS, GRIOT_MAX_CONNECTIONS* ----
  ...connectionLimitsEnv,
});

/**
 * `flowSecrets`, `secretBackends`, `httpAllowedHosts`: the secrets flows may use
 * (`{{secret.NAME}}` in http nodes) and where they and absolute URLs may go (webhooks/egressConfig.ts).
 */
export interface Config extends EgressConfig {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri?: string;
  /** Where the SQLite store lives when it is the store (GRIOT_SQLITE_PATH); unset: `<dataDir>/griot.db`. */
  sqlitePath?: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** How long info and debug lines may wait to be written together (0: each at once); warnings and errors never wait. */
  logFlushMs: number;
  demo: boolean;
  /** The built-in demo backend's URL, set once listening (applyDemoBackendDefaults): the demo's token goes there only. */
  demoBackendUrl?: string;
  adminToken?: string;
  defaultRegion: string;
  sessionTtlMinutes: number;
  /** GRIOT_LOGIN_IDLE_MINUTES: a browser session unused this long ends; 0: never for idleness. */
  loginIdleMinutes: number;
  retentionDays: number;
  /** How long closed agent contacts (with what the subscriber wrote) and finished callbacks are kept: GRIOT_RETENTION_DAYS unless set. */
  handoffRetentionDays: number;
  /** How long a deleted (archived) flow can be restored before it is purged. */
  archiveDays: number;
  /** Flows the store may hold, archived ones included (GRIOT_MAX_FLOWS). */
  maxFlows: number;
  /** Bytes of recorded prompts one flow, and all flows together, may hold (GRIOT_AUDIO_MAX_MB_PER_FLOW, GRIOT_AUDIO_MAX_MB). */
  audioQuota: { perFlowBytes: number; totalBytes: number };
  /** Preview transcripts kept: a user's newest (GRIOT_PREVIEW_TRANSCRIPTS_PER_USER), everyone's newest (GRIOT_PREVIEW_TRANSCRIPTS_MAX). */
  previewTranscripts: { perUser: number; inAll: number };
  /** GRIOT_PUBLICATION_SELF_APPROVAL: a publisher may approve their own request to publish (off: another must). */
  publicationSelfApproval: boolean;
  /** Base URLs of named backends per environment; the demo fills `operator` once the port is known. */
  backends: { staging: Record<string, string>; production: Record<string, string> };
  publicUrl?: string;
  nodeEnv: 'development' | 'production' | 'test';
  /**
   * The model that understands free words (`intent` nodes, menus with `understand`): set when
   * GRIOT_LLM_MODEL is, with OPENAI_BASE_URL or OPENAI_API_KEY. One model serves every environment.
   */
  llm?: { model: string; baseURL?: string; apiKey?: string };
  /** The time the same model has to translate one batch of a flow's texts (designer's suggestions). */
  llmTranslationTimeoutMs: number;
  /** Calls placed through jambonz's REST API when an agent takes a callback; agents dial by hand when unset. */
  callbacksOut?: CallbacksOutConfig;
  /**
   * The voice channel's credentials (JAMBONZ_WEBHOOK_SECRET, JAMBONZ_WS_USERNAME/PASSWORD) and
   * what start-up must say about them: anonymous jambonz only in development with none set.
   */
  voice: Extract<VoiceEnv, { ok: true }>;
  /** Proxies whose X-Forwarded-For names the client (GRIOT_TRUST_PROXY); false: the socket's peer is the client. */
  trustProxy: TrustProxy;
  /** Limits on failed logins and unknown bearer tokens, and on password checks at once. */
  authThrottle: AuthThrottleConfig;
  /**
   * GRIOT_DATA_KEY (and GRIOT_DATA_KEY_PREVIOUS during a rotation): the sensitive variables of
   * live sessions are stored sealed with it. Unset: kept in clear while the contact lives.
   */
  dataKeys?: DataKeyring;
  /** Facts from every contact, their counters and retention (runtime/src/analytics). */
  analytics: AnalyticsConfig;
  /** GRIOT_METRICS_TOKEN: a bearer token that may read GET /metrics (an admin may too). */
  metricsToken?: string;
  /** Instances sharing one store: events between them, timed jobs' leases, draining on shutdown, scheduled backups. */
  cluster: ClusterConfig;
  /** GRIOT_PAUSE_REASONS: the reasons an agent picks from to pause, each with how long it may run. */
  pauseReasons?: PauseReason[];
  /** GRIOT_HEAP_GROWTH_PERCENT: how far V8 lets the heap grow past its live set (`serve` applies it; 0: V8's own heuristics). */
  heapGrowthPercent: number;
  /** How long a client may take to send a request, and how many connections it may hold (one slow client cannot take them all). */
  connections: ConnectionLimits;
  /** The whole environment, for the channels' own settings (never handed to flows). */
  env: Record<string, string | undefined>;
}

/** The names of the variables `loadConfig` checks (the channels read theirs apart). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(Env.shape);

/**
 * Reads and checks the environment once at start-up. Empty strings count as unset so that
 * `FOO=` in a compose file means "use the default".
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const got = shownValue(variable, present[variable]);
    throw new ConfigError(variable, `${plainMessage(issue, (Env.shape as Record<string, z.ZodType>)[variable])}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
  }
  // Checked here, where it is read: a time zone cron-parser or Intl does not know would otherwise surface as another setting's error.
  const timezone = present.GRIOT_TIMEZONE?.trim() || DEFAULT_TIMEZONE;
  if (!isTimeZone(timezone)) throw new ConfigError('GRIOT_TIMEZONE', `not a time zone (got ${JSON.stringify(timezone)}): an IANA name such as Africa/Porto-Novo, Europe/Paris or UTC`);
  const e = parsed.data;
  const callbacksOut = callbacksOutConfig(e, e.GRIOT_PUBLIC_URL?.replace(/\/+$/, ''));
  if (!callbacksOut.ok) throw new ConfigError(callbacksOut.variable, callbacksOut.message);
  const voice = voiceEnv(present, { production: e.NODE_ENV === 'production' });
  if (!voice.ok) throw new ConfigError(voice.variable, voice.message);
  // Read apart from the schema above: its errors quote the value, and these are secrets.
  const dataKeys = parseDataKeys(present.GRIOT_DATA_KEY?.trim(), present.GRIOT_DATA_KEY_PREVIOUS?.trim());
  if (!dataKeys.ok) throw new ConfigError(dataKeys.variable, dataKeys.message);
  const analyticsKeys = analyticsSecrets(present);
  if (!analyticsKeys.ok) throw new ConfigError(analyticsKeys.variable, analyticsKeys.message);
  const egress = egressConfig(e, present);
  const shortSecret = tooShortSecret(egress.flowSecrets, { staging: e.GRIOT_BACKENDS_STAGING, production: e.GRIOT_BACKENDS_PRODUCTION });
  if (shortSecret) throw new ConfigError(shortSecret.variable, shortSecret.message);
  const cluster = clusterConfig(e, { production: e.NODE_ENV === 'production', timezone });
  if (!cluster.ok) throw new ConfigError(cluster.variable, cluster.message);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    ...(e.MONGODB_URI ? { mongodbUri: e.MONGODB_URI } : {}),
    ...(e.GRIOT_SQLITE_PATH ? { sqlitePath: e.GRIOT_SQLITE_PATH } : {}),
    logLevel: e.LOG_LEVEL,
    logFlushMs: e.LOG_FLUSH_MS,
    demo: e.GRIOT_DEMO ?? e.NODE_ENV !== 'production',
    ...(e.GRIOT_ADMIN_TOKEN ? { adminToken: e.GRIOT_ADMIN_TOKEN } : {}),
    defaultRegion: e.GRIOT_DEFAULT_REGION,
    sessionTtlMinutes: e.GRIOT_SESSION_TTL_MINUTES,
    loginIdleMinutes: e.GRIOT_LOGIN_IDLE_MINUTES,
    retentionDays: e.GRIOT_RETENTION_DAYS,
    handoffRetentionDays: e.GRIOT_HANDOFF_RETENTION_DAYS ?? e.GRIOT_RETENTION_DAYS,
    archiveDays: e.GRIOT_ARCHIVE_DAYS,
    maxFlows: e.GRIOT_MAX_FLOWS,
    audioQuota: { perFlowBytes: e.GRIOT_AUDIO_MAX_MB_PER_FLOW * 1024 * 1024, totalBytes: e.GRIOT_AUDIO_MAX_MB * 1024 * 1024 },
    previewTranscripts: { perUser: e.GRIOT_PREVIEW_TRANSCRIPTS_PER_USER, inAll: e.GRIOT_PREVIEW_TRANSCRIPTS_MAX },
    publicationSelfApproval: e.GRIOT_PUBLICATION_SELF_APPROVAL,
    backends: { staging: e.GRIOT_BACKENDS_STAGING, production: e.GRIOT_BACKENDS_PRODUCTION },
    ...(e.GRIOT_PUBLIC_URL ? { publicUrl: e.GRIOT_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    nodeEnv: e.NODE_ENV,
    ...(e.GRIOT_LLM_MODEL && (e.OPENAI_BASE_URL || e.OPENAI_API_KEY)
      ? { llm: { model: e.GRIOT_LLM_MODEL, ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL.replace(/\/+$/, '') } : {}), ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}) } }
      : {}),
    llmTranslationTimeoutMs: e.GRIOT_LLM_TRANSLATION_TIMEOUT_MS,
    ...(callbacksOut.config ? { callbacksOut: callbacksOut.config } : {}),
    ...authThrottleConfig(e),
    ...egress,
    voice,
    ...(dataKeys.keyring ? { dataKeys: dataKeys.keyring } : {}),
    analytics: analyticsConfig(e, analyticsKeys.key),
    ...(analyticsKeys.metricsToken ? { metricsToken: analyticsKeys.metricsToken } : {}),
    cluster: cluster.config,
    pauseReasons: e.GRIOT_PAUSE_REASONS,
    heapGrowthPercent: e.GRIOT_HEAP_GROWTH_PERCENT,
    connections: connectionLimits(e),
    env: { ...env },
  };
}
