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
 * a row scrolled out of sight passes false and costs nothing each second, nor when the estimate
 * of the server's clock moves (it moves by a few milliseconds with many events, and a thousand
 * rows redrawn for it made a change wait for them). It is read again when the row comes in sight.
 */
export function useServerNow(ticking = true): number {
  const tick = useStore(clockStore, (s) => (ticking ? s.now : -1));
  const offset = useStore(inboxStore, (s) => (ticking ? s.serverOffsetMs : Number.NaN));
  return tick === -1 ? Date.now() + inboxStore.getState().serverOffsetMs : tick + offset;
}
