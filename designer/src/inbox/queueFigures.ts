import type { CallbackRequest, HandoffContact, QueueSettings } from '@griot/flows';

/** Waiting this long gets a callback offer when the queue has no settings (the server's default). */
export const DEFAULT_CALLBACK_AFTER_SECONDS = 120;

/** From arrival in its queue (a transfer to another queue restarts it) until an agent took it (or it closed), else until `nowMs` (the server's clock). */
export function waitSeconds(contact: HandoffContact, nowMs: number): number {
  const end = contact.status === 'waiting' ? undefined : (contact.assignedAt ?? contact.closedAt);
  return Math.max(0, ((end ? Date.parse(end) : nowMs) - Date.parse(contact.enqueuedAt)) / 1000);
}

/**
 * Since the subscriber first asked for an agent (before any transfer), until an agent took it (or
 * it closed), else until `nowMs`: the total wait, the time earlier agents held it included.
 */
export function totalWaitSeconds(contact: HandoffContact, nowMs: number): number {
  return waitSeconds({ ...contact, enqueuedAt: contact.firstEnqueuedAt ?? contact.enqueuedAt }, nowMs);
}

/** Waited past the queue's threshold: offer a callback. */
export function callbackDue(contact: HandoffContact, settings: QueueSettings | undefined, nowMs: number): boolean {
  const threshold = settings?.callbackAfterSeconds ?? DEFAULT_CALLBACK_AFTER_SECONDS;
  return contact.status === 'waiting' && waitSeconds(contact, nowMs) >= threshold;
}

export interface QueueFigures {
  waiting: number;
  longestWaitSeconds: number;
  /** Agents with a contact of the queue, by name. */
  agentsBusy: string[];
  callbacksPending: number;
}

/** The supervisor's figures for a queue, from the inbox's own state (they follow every change and tick). */
export function queueFigures(contacts: HandoffContact[], callbacks: CallbackRequest[], queue: string, nowMs: number): QueueFigures {
  let waiting = 0;
  let longestWaitSeconds = 0;
  const agents = new Set<string>();
  for (const contact of contacts) {
    // A tester's simulator handoff is no subscriber waiting (as on GET /api/agent/supervisor and the metrics).
    if (contact.status === 'waiting') {
      if (contact.preview) continue;
      waiting += 1;
      longestWaitSeconds = Math.max(longestWaitSeconds, waitSeconds(contact, nowMs));
    } else if (contact.agent) agents.add(contact.agent);
  }
  const callbacksPending = callbacks.filter((r) => r.status === 'pending' && r.queue === queue).length;
  return { waiting, longestWaitSeconds, agentsBusy: [...agents].sort(), callbacksPending };
}

/** Wait as m:ss, or h:mm:ss past an hour. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const rest = `${String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return hours ? `${hours}:${rest}` : rest;
}

/**
 * A wait with its units, for a reader across the room (the wallboard): « 15 s », « 2 min 05 s », « 1 h 02 min ». « 0:15 » alone
 * read as a quarter of an hour as well as fifteen seconds.
 */
export function waitWithUnits(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
