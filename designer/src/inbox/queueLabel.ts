import type { QueueSettings } from '@griot/flows';

/** What agents and supervisors read for a queue: the display name its supervisor gave it, else its name (`billing_fr`). */
export function queueLabel(queue: string, settings: Pick<QueueSettings, 'displayName'> | undefined): string {
  return settings?.displayName?.trim() || queue;
}
