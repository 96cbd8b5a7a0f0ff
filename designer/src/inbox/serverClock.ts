import { createStore, useStore } from 'zustand';
import { inboxStore } from './inboxStore.ts';

/** The clock waits tick by: once a second while the agent's workspace is open. */
const clockStore = createStore<{ now: number }>()(() => ({ now: Date.now() }));

export function startClock(): () => void {
  const timer = setInterval(() => clockStore.setState({ now: Date.now() }), 1000);
  return () => clearInterval(timer);
}

/**
 * The server's time now (waits are counted on its clock), ticking each second while `ticking`:
 * a row scrolled out of sight passes false and costs nothing each second.
 */
export function useServerNow(ticking = true): number {
  const tick = useStore(clockStore, (s) => (ticking ? s.now : -1));
  const offset = useStore(inboxStore, (s) => s.serverOffsetMs);
  return (tick === -1 ? Date.now() : tick) + offset;
}
