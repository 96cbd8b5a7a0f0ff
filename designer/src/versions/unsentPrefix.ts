/**
 * Where an editor's unsent copies are kept in the browser's storage (unsentCopy.ts), by user: alone
 * in its file so that the sign-in page's sweep of a shared computer (app/deviceTraces.ts) does not
 * bring the flow editor's document store with it.
 */
export const UNSENT_PREFIX = 'griot.unsent.';
