import { contentHash, type JsonValue } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import { conflict, notFound } from '../errors.ts';
import type { Actor } from '../context.ts';
import type { QueueSettings } from '../store/types.ts';
import type { HandoffService } from './HandoffService.ts';
import { refuseDirectionControls, refuseNewQueueDirectionControls } from '../refuseDirectionControls.ts';

/** What a supervisor sets on a queue: everything but the queue's name and who saved it when. */
export type QueueRules = Omit<QueueSettings, 'queue' | 'updatedAt' | 'updatedBy'>;

/** A queue's settings without who saved them when: what the audit hashes and compares. */
const rulesOf = ({ queue: _q, updatedAt: _u, updatedBy: _b, ...rules }: QueueSettings): QueueRules => rules;

/**
 * The most queues with settings: every agent's transfer menu and the wallboard list them all
 * (2,000 of 8,000 characters once made each agent's transfer menu 16 MB).
 */
export const MAX_CONFIGURED_QUEUES = 500;

/**
 * Replaces a queue's settings, tells the inbox, and audits it on `queue:<name>` with the hashes
 * before and after and the new value of each field that changed. `queue` is a QueueName (the
 * route parses it); a new queue past MAX_CONFIGURED_QUEUES is 409 `queues_full`.
 */
export async function saveQueueSettings(handoff: HandoffService, audit: AuditLog, actor: Actor, queue: string, rules: QueueRules): Promise<QueueSettings> {
  const before = await handoff.store.getQueueSettings(queue);
  // A queue a stored flow hands over to keeps its name as written (callers wait there); a new one with a direction control is refused.
  if (!before) await refuseNewQueueDirectionControls(handoff.store, [queue], () => 'queue');
  if (!before && (await handoff.store.listQueueSettings()).length >= MAX_CONFIGURED_QUEUES) {
    throw conflict('queues_full', `there are already ${MAX_CONFIGURED_QUEUES} configured queues`, { params: { limit: MAX_CONFIGURED_QUEUES } });
  }
  // An emptied display name is none: the queue reads by its name again.
  const { displayName, ...others } = rules;
  refuseDirectionControls(displayName, 'displayName', before?.displayName);
  const settings: QueueSettings = { queue, ...others, ...(displayName ? { displayName } : {}), updatedAt: handoff.options.now(), updatedBy: actor.username };
  await handoff.store.putQueueSettings(settings);
  handoff.events.publish({ type: 'settings', id: queue, queue, at: settings.updatedAt });
  await audit.record({
    actor: actor.username,
    action: 'queue.settings',
    target: `queue:${queue}`,
    hashBefore: before ? contentHash(rulesOf(before)) : undefined,
    hashAfter: contentHash(rulesOf(settings)),
    details: { changed: changedRules(before ? rulesOf(before) : null, rulesOf(settings)) },
  });
  return settings;
}

/**
 * Removes a queue's settings (its hours, holidays, callback threshold, display name): the queue
 * reads as one without any again, and its place among the MAX_CONFIGURED_QUEUES is free. Tells the
 * inbox and audits it on `queue:<name>` as `queue.settings.delete`, with the hash of what was
 * removed; 404 `queue_settings_not_found` when the queue has none.
 */
export async function deleteQueueSettings(handoff: HandoffService, audit: AuditLog, actor: Actor, queue: string): Promise<void> {
  const before = await handoff.store.getQueueSettings(queue);
  if (!before || !(await handoff.store.deleteQueueSettings(queue))) throw notFound('queue_settings_not_found', 'this queue has no settings', { params: { queue } });
  const at = handoff.options.now();
  handoff.events.publish({ type: 'settings', id: queue, queue, at });
  await audit.record({
    actor: actor.username,
    action: 'queue.settings.delete',
    target: `queue:${queue}`,
    hashBefore: contentHash(rulesOf(before)),
    details: { changed: Object.fromEntries(Object.keys(rulesOf(before)).map((field) => [field, null])) },
  });
}

/** Each field whose value differs (all of them for a queue's first settings); null when removed. */
function changedRules(before: QueueRules | null, after: QueueRules): Record<string, JsonValue> {
  const fields = new Set([...Object.keys(after), ...Object.keys(before ?? {})]) as Set<keyof QueueRules>;
  const changed: Record<string, JsonValue> = {};
  for (const field of fields) {
    const value = (after[field] ?? null) as JsonValue;
    if (!before || contentHash(value) !== contentHash(before[field] ?? null)) changed[field] = value;
  }
  return changed;
}
