import { contentHash, type JsonValue } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Actor } from '../context.ts';
import type { QueueSettings } from '../store/types.ts';
import type { HandoffService } from './HandoffService.ts';

/** What a supervisor sets on a queue: everything but the queue's name and who saved it when. */
export type QueueRules = Omit<QueueSettings, 'queue' | 'updatedAt' | 'updatedBy'>;

/** A queue's settings without who saved them when: what the audit hashes and compares. */
const rulesOf = ({ queue: _q, updatedAt: _u, updatedBy: _b, ...rules }: QueueSettings): QueueRules => rules;

/**
 * Replaces a queue's settings, tells the inbox, and audits it on `queue:<name>` with the hashes
 * before and after and the new value of each field that changed.
 */
export async function saveQueueSettings(handoff: HandoffService, audit: AuditLog, actor: Actor, queue: string, rules: QueueRules): Promise<QueueSettings> {
  const before = await handoff.store.getQueueSettings(queue);
  // An emptied display name is none: the queue reads by its name again.
  const { displayName, ...others } = rules;
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
