import type { TFunction } from 'i18next';
import type { AuditEntryView } from './auditApi.ts';
import type { auditFr } from './auditFr.ts';
import { principalName } from '../versions/savedBy.ts';

type ActionKey = Exclude<keyof typeof auditFr.actions, 'other'>;

/** `flow.publish` ↔ `flow_publish`: the actions the screen can say in words, and filter on. */
export const actionKey = (action: string) => action.replace('.', '_');
export const actionOfKey = (key: string) => key.replace('_', '.');

/** The value a sentence may show: text and numbers only, never a nested object. */
const plain = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

const roleList = (value: unknown, t: TFunction): string | undefined => (Array.isArray(value) ? value.map((r) => t(`roles.${String(r)}`, { defaultValue: String(r) })).join(', ') : undefined);

/** An agent's assigned queues as the sentence says them: null is every queue, [] none. */
const queueList = (value: unknown, t: TFunction): string =>
  value === null ? t('admin.users.everyQueue') : Array.isArray(value) ? (value.length === 0 ? t('admin.users.noQueue') : value.map(String).join(', ')) : '?';

/**
 * The sentence a change says best: a user disabled or enabled again, their roles changed (with
 * their name, written since the runtime names them); a contact put back in its own queue.
 */
function wordedKey(action: string, details: Record<string, unknown>, values: Record<string, string>, t: TFunction): string {
  if (action === 'user.update' && values.username) {
    const changed = Array.isArray(details.changed) ? details.changed : [];
    if (changed.includes('disabled') && details.disabled !== details.disabledBefore) return details.disabled === true ? 'user_disable' : 'user_enable';
    if (changed.includes('roles')) {
      values.rolesBefore = roleList(details.rolesBefore, t) ?? '?';
      values.roles = roleList(details.roles, t) ?? '?';
      return 'user_roles';
    }
    if (changed.includes('queues')) {
      values.queuesBefore = queueList(details.queuesBefore, t);
      values.queues = queueList(details.queues, t);
      return 'user_queues';
    }
    return 'user_updateNamed';
  }
  if (action === 'user.requeueContacts') values.count = plain(details.requeued) ?? '0';
  if (action === 'contact.transfer' && values.from !== undefined && values.from === values.to && plain(details.agentBefore)) {
    values.agentBefore = String(details.agentBefore);
    return 'contact_requeue';
  }
  return actionKey(action);
}

/**
 * One audit entry as a sentence ("Awa a publié « 1919 » v4 en production"), from the fields its
 * action writes (runtime/src: `audit.record`). Only the named fields appear, so a detail the
 * sentence does not name never reaches the screen.
 */
export function auditSentence(entry: AuditEntryView, t: TFunction, flowName: (id: string) => string, known: ReadonlySet<string>): string {
  const details = entry.details ?? {};
  const [kind, id = ''] = entry.target.split(/:(.*)/s);
  const flow = kind === 'flow' ? flowName(id) : plain(details.flowId) ? flowName(String(details.flowId)) : (plain(details.name) ?? id);
  const environment = plain(details.environment);
  const values: Record<string, string> = {
    actor: principalName(entry.actor, t),
    action: entry.action,
    target: entry.target,
    flow,
    name: plain(details.name) ?? (kind === 'backup' ? id : ''),
    environment: environment ? t(`admin.audit.environment.${environment}`, { defaultValue: environment }) : '',
  };
  for (const field of ['version', 'revision', 'from', 'to', 'address', 'channel', 'username', 'blockedForSeconds', 'queue', 'attempts', 'title', 'outcome'] as const) {
    const value = plain(details[field]);
    if (value !== undefined) values[field] = value;
  }
  // A copy's source by its name, as the copy is.
  if (entry.action === 'flow.duplicate' && values.from) values.from = flowName(values.from);
  // Agents' actions: the queue from the target when the details do not name it (`queue:<name>`); channel and outcome in words.
  if (!values.queue) values.queue = kind === 'queue' ? id : '?';
  if (kind === 'contact' || kind === 'callback') {
    if (values.channel) values.channel = t(`inbox.channels.${values.channel}`, { defaultValue: values.channel });
    if (values.outcome) values.outcome = t(`inbox.outcomes.${values.outcome}`, { defaultValue: values.outcome });
  } else if (values.channel) values.channel = t(`admin.channels.${values.channel}.name`, { defaultValue: values.channel }); // « 1919 (Voix) », as the bindings list says it, not « (voice) »
  // Counts in the plural forms of the language (« 1 session », « 2 sessions »).
  const counted = (what: 'sessions' | 'tokensRevoked' | 'minutes', value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? t(`admin.audit.counts.${what}`, { count: value }) : '?');
  if (entry.action === 'user.endSessions' || entry.action === 'auth.logoutEverywhere') {
    values.sessions = counted('sessions', details.sessionsEnded);
    values.tokens = counted('tokensRevoked', details.tokensRevoked);
  }
  if (entry.action === 'auth.idleTimeout') values.minutes = counted('minutes', details.idleMinutes);
  const key = wordedKey(entry.action, details, values, t);
  return known.has(key) ? t(`admin.audit.actions.${key as ActionKey}`, values) : t('admin.audit.actions.other', values);
}
