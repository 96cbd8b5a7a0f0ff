/**
 * Every `GRIOT_*` variable Griot reads (runtime and channels). `unknownGriotVariables.test.ts`
 * finds each name the source mentions here, so a new setting cannot be forgotten.
 */
export const KNOWN_GRIOT_VARIABLES: readonly string[] = [
  'GRIOT_ADMIN_TOKEN',
  'GRIOT_AGENT_STREAMS_MAX',
  'GRIOT_ANALYTICS',
  'GRIOT_ANALYTICS_KEY',
  'GRIOT_ANALYTICS_RAW_RETENTION_DAYS',
  'GRIOT_ANALYTICS_RETENTION_DAYS',
  'GRIOT_ANALYTICS_ROLLUP_SECONDS',
  'GRIOT_ARCHIVE_DAYS',
  'GRIOT_AUDIO_MAX_MB',
  'GRIOT_AUDIO_MAX_MB_PER_FLOW',
  'GRIOT_BACKENDS_PRODUCTION',
  'GRIOT_BACKENDS_STAGING',
  'GRIOT_BACKUP_CRON',
  'GRIOT_BACKUP_DIR',
  'GRIOT_BACKUP_KEEP',
  'GRIOT_BAD_TOKENS_PER_ADDRESS',
  'GRIOT_CALLBACK_AGENT_TARGET',
  'GRIOT_CALLBACK_FROM',
  'GRIOT_CALLBACK_RING_SECONDS',
  'GRIOT_CALLBACK_SPEECH',
  'GRIOT_CHANNELS',
  'GRIOT_CONTAINMENT_WINDOW_HOURS',
  'GRIOT_DATA_KEY',
  'GRIOT_DATA_KEY_PREVIOUS',
  'GRIOT_DEFAULT_REGION',
  'GRIOT_DEMO',
  'GRIOT_DRAIN_SECONDS',
  'GRIOT_EVENTS_POLL_MS',
  'GRIOT_FLOW_SECRETS',
  'GRIOT_HANDOFF_RETENTION_DAYS',
  'GRIOT_PAUSE_REASONS',
  'GRIOT_HEADERS_TIMEOUT_SECONDS',
  'GRIOT_HEAP_GROWTH_PERCENT',
  'GRIOT_HTTP_ALLOWED_HOSTS',
  'GRIOT_HTTP_MAX_RESPONSE_BYTES',
  'GRIOT_JOB_LEASE_SECONDS',
  'GRIOT_LLM_MODEL',
  'GRIOT_LLM_TRANSLATION_TIMEOUT_MS',
  'GRIOT_LOGIN_CONCURRENCY',
  'GRIOT_LOGIN_IDLE_MINUTES',
  'GRIOT_LOGIN_MAX_FAILURES',
  'GRIOT_LOGIN_MAX_FAILURES_PER_ACCOUNT',
  'GRIOT_LOGIN_MAX_FAILURES_PER_ADDRESS',
  'GRIOT_LOGIN_MAX_FAILURES_PER_DAY',
  'GRIOT_LOGIN_QUEUE',
  'GRIOT_LOGIN_WINDOW_MINUTES',
  'GRIOT_MAX_CONNECTIONS',
  'GRIOT_MAX_CONNECTIONS_PER_ADDRESS',
  'GRIOT_MAX_FLOWS',
  'GRIOT_METRICS_TOKEN',
  'GRIOT_PUBLICATION_SELF_APPROVAL',
  'GRIOT_PUBLIC_URL',
  'GRIOT_REQUEST_TIMEOUT_SECONDS',
  'GRIOT_RETENTION_DAYS',
  'GRIOT_PREVIEW_TRANSCRIPTS_PER_USER',
  'GRIOT_PREVIEW_TRANSCRIPTS_MAX',
  'GRIOT_SECRET_GUESSES_ALLOWED_IPS',
  'GRIOT_SECRET_GUESSES_PER_ADDRESS',
  'GRIOT_SERVICE_LEVEL_SECONDS',
  'GRIOT_SESSION_TTL_MINUTES',
  'GRIOT_SQLITE_PATH',
  'GRIOT_TIMEZONE',
  'GRIOT_TRUST_PROXY',
];

/** Griot's settings without the prefix, which a `GRIOT_` in front of them would hide (GRIOT_DATA_DIR). */
const UNPREFIXED = ['PORT', 'HOST', 'DATA_DIR', 'MONGODB_URI', 'LOG_LEVEL', 'LOG_FLUSH_MS', 'NODE_ENV', 'OPENAI_BASE_URL', 'OPENAI_API_KEY'];

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

export interface UnknownVariable {
  name: string;
  /** The known variable it most likely meant, when one is close. */
  suggestion?: string;
}

/**
 * The `GRIOT_*` variables of the environment that Griot does not read: a typo or a guessed name
 * (GRIOT_DATA_DIR for DATA_DIR) is otherwise silently ignored, and the default applies. Names only:
 * the values may be secrets.
 */
export function unknownGriotVariables(env: Record<string, string | undefined>): UnknownVariable[] {
  const known = new Set(KNOWN_GRIOT_VARIABLES);
  return Object.keys(env)
    .filter((name) => griotLike(name) && !known.has(name))
    .sort()
    .map((name) => {
      const suggestion = closestKnownName(name);
      return suggestion ? { name, suggestion } : { name };
    });
}

/** `GRIOT_…`, or a prefix one letter away from it (`GROIT_`, `GRIOTS_`, `GIROT_`): meant for Griot. */
function griotLike(name: string): boolean {
  const prefix = name.slice(0, Math.max(0, name.indexOf('_')));
  return prefix === 'GRIOT' || (prefix.length >= 4 && (distance(prefix, 'GRIOT') <= 1 || [...prefix].sort().join('') === 'GIORT'));
}

/**
 * The setting an unknown name most likely meant: the known name (Griot's `GRIOT_*` ones, and the
 * unprefixed ones a `GRIOT_` in front would hide) closest to it, compared with the prefix put
 * right (`GROIT_DEMO` → `GRIOT_DEMO`) and without underscores counting (`GRIOT_DATADIR` →
 * `DATA_DIR`); none when nothing is close.
 */
function closestKnownName(name: string): string | undefined {
  const bare = name.slice(name.indexOf('_') + 1);
  const squeeze = (text: string) => text.replaceAll('_', '');
  const candidates = [...KNOWN_GRIOT_VARIABLES.map((known) => ({ known, bare: known.slice('GRIOT_'.length) })), ...UNPREFIXED.map((known) => ({ known, bare: known }))];
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = Math.min(distance(bare, candidate.bare), distance(squeeze(bare), squeeze(candidate.bare)));
    if (!best || d < best.distance) best = { name: candidate.known, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(bare.length / 4)) ? best.name : undefined;
}
