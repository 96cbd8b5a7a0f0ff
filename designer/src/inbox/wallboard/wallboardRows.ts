import type { CallbackRequest, HandoffContact, QueueAnalytics } from '@griot/flows';
import { queueFigures } from '../queueFigures.ts';

/** One queue on the wallboard: what is happening now beside how the day has gone. */
export interface WallboardRow {
  queue: string;
  /** Now, from the live inbox (the same figures as GET /api/agent/supervisor). */
  waiting: number;
  longestWaitSeconds: number;
  callbacksPending: number;
  /** Since local midnight, from GET /api/queues/analytics; zeros before the first answer. */
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  averageWaitSeconds: number | null;
}

/**
 * Every queue with something to show, by name: those the inbox knows (settings, contacts,
 * callbacks) and those with activity today only.
 */
export function wallboardRows(
  live: { queueNames: readonly string[]; queues: Readonly<Record<string, string[]>>; contacts: Readonly<Record<string, HandoffContact>>; callbacks: readonly CallbackRequest[] },
  today: QueueAnalytics | null,
  nowMs: number,
): WallboardRow[] {
  const byQueue = new Map((today?.queues ?? []).map((q) => [q.queue, q]));
  const names = [...new Set([...live.queueNames, ...byQueue.keys()])].sort((a, b) => a.localeCompare(b));
  return names.map((queue) => {
    const now = queueFigures(
      (live.queues[queue] ?? []).flatMap((id) => live.contacts[id] ?? []),
      live.callbacks as CallbackRequest[],
      queue,
      nowMs,
    );
    const day = byQueue.get(queue);
    return {
      queue,
      waiting: now.waiting,
      longestWaitSeconds: now.longestWaitSeconds,
      callbacksPending: now.callbacksPending,
      offered: day?.offered ?? 0,
      answered: day?.answered ?? 0,
      abandoned: day?.abandoned ?? 0,
      serviceLevel: day?.serviceLevel ?? null,
      averageWaitSeconds: day?.averageWaitSeconds ?? null,
    };
  });
}
