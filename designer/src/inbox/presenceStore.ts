import { createStore, useStore } from 'zustand';
import type { AgentPresenceView, HandoffChange } from '@griot/flows';
import { agentApi, type SupervisorRow } from '../api/agentApi.ts';

interface PresenceState {
  /** The signed-in agent's own state, once read. */
  mine: AgentPresenceView | null;
  /** The supervisor's view, once read (null before, or for an agent who may not read it). */
  rows: SupervisorRow[] | null;
}

/**
 * Who is there: the agent's own state (read when their connection opens and when a supervisor
 * changes it) and, for supervisors, each queue's agents (read on a presence change, a contact's
 * change, and every 15 seconds: an agent whose page closed is offline a minute later without any event).
 */
export const presenceStore = createStore<PresenceState>(() => ({ mine: null, rows: null }));

export const usePresence = <T>(select: (state: PresenceState) => T): T => useStore(presenceStore, select);

export function loadMyPresence(): Promise<void> {
  return agentApi.presence().then(
    (mine) => presenceStore.setState({ mine }),
    () => {},
  );
}

/** The agent chooses « Disponible » or « En pause »: shown once the server has it. */
export async function choosePresence(state: 'available' | 'paused'): Promise<void> {
  presenceStore.setState({ mine: await agentApi.choosePresence(state) });
  scheduleRows();
}

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
