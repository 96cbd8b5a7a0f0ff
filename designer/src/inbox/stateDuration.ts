/** How long someone has been in a state, to the minute: « 12 min », « 1 h 05 », « < 1 min ». */
export function stateDuration(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

/** A limit in minutes, as `stateDuration` writes a time: « 15 min », « 2 h 00 ». */
export const limitDuration = (minutes: number) => stateDuration(minutes * 60);

/** Seconds since an instant (ISO 8601), by the server's clock `nowMs`; 0 when unknown. */
export const secondsSince = (since: string | undefined, nowMs: number) => (since ? Math.max(0, (nowMs - Date.parse(since)) / 1000) : 0);
