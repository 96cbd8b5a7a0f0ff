import { createStore, useStore } from 'zustand';
import type { AgentPresenceView, HandoffChange, PauseReasonView } from '@griot/flows';
import { agentApi, type SupervisorRow } from '../api/agentApi.ts';

interface PresenceState {
  /** The signed-in agent's own state, once read. */
  mine: AgentPresenceView | null;
  /** The supervisor's view, once read (null before, or for an agent who may not read it). */
  rows: SupervisorRow[] | null;
  /** The reasons an agent may give for a pause (GRIOT_PAUSE_REASONS), once read. */
  reasons: PauseReasonView[];
}

/**
 * Who is there: the agent's own state (read when their connection opens and when a supervisor
 * changes it) and, for supervisors, each queue's agents (read on a presence change, a contact's
 * change, and every 15 seconds: an agent whose page closed is offline a minute later without any event).
 */
export const presenceStore = createStore<PresenceState>(() => ({ mine: null, rows: null, reasons: [] }));

export const usePresence = <T>(select: (state: PresenceState) => T): T => useStore(presenceStore, select);

export function loadMyPresence(): Promise<void> {
  return agentApi.presence().then(
    (mine) => presenceStore.setState({ mine }),
    () => {},
  );
}

/** The agent chooses « Disponible » or « En pause » (and why): shown once the server has it. */
export async function choosePresence(state: 'available' | 'paused', reason?: string): Promise<void> {
  presenceStore.setState({ mine: await agentApi.choosePresence(state, reason) });
  scheduleRows();
}

export function loadPauseReasons(): void {
  agentApi.pauseReasons().then(
    (reasons) => presenceStore.setState({ reasons }),
    () => {},
  );
}

/**
 * Why the server would refuse this agent a new contact (409 `agent_not_available`), said before
 * they click: « paused », or « offline » when a supervisor set them so; null when they may take one.
 * (Offline only because their page has not been seen yet is the moment before it is: not refused.)
 */
export function notTaking(mine: AgentPresenceView | null): 'paused' | 'offline' | null {
  if (mine?.state === 'paused') return 'paused';
  if (mine?.state === 'offline' && mine.changedBy) return 'offline';
  return null;
}

/** The reason the take buttons are greyed, as `notTaking` says it. */
export const useNotTaking = () => usePresence((s) => notTaking(s.mine));

let rowsTimer: ReturnType<typeof setTimeout> | undefined;
let rowsWanted = 0;

function loadRows(): void {
  agentApi.supervisorRows().then(
    (rows) => presenceStore.setState({ rows }),
    () => {},
  );
}

/** Reads the supervisor's view again shortly (a burst of changes costs one read), if a board shows it. */
export function scheduleRows(): void {
  if (rowsWanted === 0) return;
  clearTimeout(rowsTimer);
  rowsTimer = setTimeout(loadRows, 300);
}

let every: ReturnType<typeof setInterval> | undefined;

/** A board that shows each queue's agents: read now, then every 15 seconds while one (or more: one timer) is shown. */
export function watchRows(): () => void {
  rowsWanted += 1;
  if (rowsWanted === 1) {
    loadRows();
    every = setInterval(loadRows, 15_000);
  }
  return () => {
    rowsWanted -= 1;
    if (rowsWanted === 0) clearInterval(every);
  };
}

/** A `presence` event: the agent's own state when it is theirs (a supervisor set them offline), the boards in any case. */
export function presenceChanged(change: HandoffChange, me: string | null): void {
  if (change.id === me) void loadMyPresence();
  scheduleRows();
}
