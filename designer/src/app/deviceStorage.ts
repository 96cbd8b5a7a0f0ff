/**
 * This browser's localStorage, or null where there is none (tests outside a page) or reading it
 * throws (storage forbidden, as in some private browsing). What is kept there, and when it goes,
 * is listed in deviceTraces.ts.
 */
export function deviceStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
