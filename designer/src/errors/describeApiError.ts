import type { TFunction } from 'i18next';
import type { ApiErrorBody } from '../api/client.ts';

type Values = Record<string, string | number>;

/** `900` → "15 min", in the user's words. */
function waitInWords(t: TFunction, seconds: number): string {
  if (seconds < 120) return t('apiErrorWords.seconds', { n: seconds });
  if (seconds < 7200) return t('apiErrorWords.minutes', { n: Math.ceil(seconds / 60) });
  return t('apiErrorWords.hours', { n: Math.ceil(seconds / 3600) });
}

const roleNames = (t: TFunction, roles: unknown[], separator: string) =>
  roles.length === 0 ? t('apiErrorWords.noRole') : roles.map((r) => t(`roles.${String(r)}`, { defaultValue: String(r) })).join(separator);

/** A value of the error body as the user reads it: roles, environments and statuses in their language. */
function shown(t: TFunction, code: string, key: string, value: unknown): string | number | undefined {
  if (key === 'required' && Array.isArray(value)) return roleNames(t, value, t('apiErrorWords.or'));
  if (key === 'roles' && Array.isArray(value)) return roleNames(t, value, ', ');
  if (key === 'environment' || key === 'source') {
    if (value === 'staging' || value === 'production') return t(`environments.${value}`);
    if (value === 'draft') return t('apiErrorWords.draft');
    if (typeof value === 'number') return `v${value}`;
  }
  if (key === 'status' && typeof value === 'string') {
    const table = code.startsWith('callback') ? 'callbackStatus' : 'contactStatus';
    return t(`apiErrorWords.${table}.${value}`, { defaultValue: value });
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  // A count of things (`flows: 2`) reads with its noun, in the singular or the plural (`counted.flows`).
  if (typeof value === 'number' && key !== 'count') {
    const counted = t(`counted.${key}`, { count: value, defaultValue: '' });
    if (counted) return counted;
  }
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * An error answer of the server in the user's language: the text of its code (`apiErrors.<code>`)
 * filled with what the body carries (`error.params`, `error.field`, `flowId`, top-level members
 * such as `retryAfterSeconds`). An unknown code gets a generic sentence with the code: the
 * server's English message never reaches a French screen.
 */
export function describeApiError(t: TFunction, status: number, body: ApiErrorBody): string {
  const error = body.error ?? {};
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (!code) return t('apiErrorWords.noCode', { status });
  const values: Values = { status, code };
  const sources = [body, error, (error.params ?? {}) as Record<string, unknown>];
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (key === 'error' || key === 'params' || key === 'message') continue;
      const text = shown(t, code, key, value);
      if (text !== undefined) values[key] = text;
    }
  }
  const retry = body.retryAfterSeconds;
  if (typeof retry === 'number') values.wait = waitInWords(t, retry);
  if (!values.agent && code.startsWith('contact_')) values.agent = t('apiErrorWords.someone');
  const key = `apiErrors.${code}`;
  // A number counted (`count`) picks the sentence's singular or plural form (`<code>_one`), where it has one.
  const count = sources.map((source) => source.count).find((value) => typeof value === 'number');
  // A name refused where a node holds it (a handoff node's queue, in an imported version or not) reads with the node
  // (`<code>_node`, `<code>_versionNode`): the file's author finds what to correct.
  // An entry point's address is no name (`<code>_address`): said as the address the admin typed. A queue's name (its
  // settings, a user's or a canned reply's queues: `queue`, `queues.<i>`) says when one already in use keeps it
  // (`<code>_queue`, docs/api.md): a queue accepted yesterday is refused once its last failed callback is two days old.
  const field = (error.params as Record<string, unknown> | undefined)?.field ?? error.field;
  const where = values.node !== undefined ? (values.version === undefined ? 'node' : 'versionNode') : code === 'name_direction_control' ? directionControlField(field) : undefined;
  const text = t(key, { ...values, ...(typeof count === 'number' ? { count } : {}), ...(where ? { context: where } : {}), defaultValue: '' });
  if (!text || text === key) return t('apiErrorWords.unknown', values);
  // A value the body did not carry (an older server) reads as a dash, not as a placeholder.
  return text.replace(/%\{\w+\}/g, '—');
}

/** Where a name refused for a direction control stands, when it is no plain name: an address, or a queue's name. */
function directionControlField(field: unknown): 'address' | 'queue' | undefined {
  if (field === 'address') return 'address';
  return typeof field === 'string' && /^(queue|queues\.\d+)$/.test(field) ? 'queue' : undefined;
}
