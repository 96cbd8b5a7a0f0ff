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

/** A queue with nobody waiting, no callback to make and no contact in the period: folded at the end of the board. */
export function isIdle(row: WallboardRow): boolean {
  return row.waiting === 0 && row.callbacksPending === 0 && row.offered === 0;
}

/** Busiest first: who waits now (how many, then how long), callbacks to make, then the period's contacts; by name among equals. */
function busiestFirst(a: WallboardRow, b: WallboardRow): number {
  return b.waiting - a.waiting || b.longestWaitSeconds - a.longestWaitSeconds || b.callbacksPending - a.callbacksPending || b.offered - a.offered || a.queue.localeCompare(b.queue);
}

/**
 * Every queue with something to show, busiest first: those the inbox knows (settings, contacts,
 * callbacks) and those with activity in the period only; queues with nothing at all come last
 * (`isIdle`), by name.
 */
export function wallboardRows(
  live: { queueNames: readonly string[]; queues: Readonly<Record<string, string[]>>; contacts: Readonly<Record<string, HandoffContact>>; callbacks: readonly CallbackRequest[] },
  today: QueueAnalytics | null,
  nowMs: number,
): WallboardRow[] {
  const byQueue = new Map((today?.queues ?? []).map((q) => [q.queue, q]));
  const names = [...new Set([...live.queueNames, ...byQueue.keys()])];
  const rows = names.map((queue): WallboardRow => {
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
  return rows.sort((a, b) => Number(isIdle(a)) - Number(isIdle(b)) || busiestFirst(a, b));
}
