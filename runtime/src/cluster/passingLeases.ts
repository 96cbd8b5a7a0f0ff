/**
 * The leases named after what comes and goes, one row each and never reused once done, deleted once
 * lapsed or released by the sessions job (`LeaseStore.purgeLeases`):
 * - `instance:<id>`: an instance's sign of life (`SignOfLife`), one per start;
 * - `answered:<key>:<turn>`: a turn answered again for jambonz's retry;
 * - `copy:<id>`: the id a « Dupliquer » copy writes under (`reserveCopyId`), released when the copy
 *   is made or given up, lapsed when its process died. Nothing reads a lapsed one: the next copy to
 *   the id takes it as free whether its row is there or not, and removes what a cut-short copy left
 *   by the id alone (`copyFlow`).
 * - `callOver:<key>`: a call's final status that found no session (`ConversationService.markCallOver`):
 *   the first turn saved after it drops its kept goodbye; lapsed once no first turn can still be saved.
 * A job's lease (`retention`, `backup`…) is none of these: it keeps when the job last ran.
 */
export const PASSING_LEASES = ['instance:', 'answered:', 'copy:', 'callOver:'] as const;
