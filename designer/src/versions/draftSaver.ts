import { mergeFlows, parseFlow, type Flow, type LintIssue } from '@griot/flows';
import { ApiError } from '../api/client.ts';
import { flowsApi } from '../api/flowsApi.ts';
import type { ConflictBody } from '../api/types.ts';
import { documentStore, type DocumentStore } from '../store/documentStore.ts';
import { saveStatusStore } from './saveStatusStore.ts';
import { markParsed } from '../checks/lintDocument.ts';

export type SaveOutcome =
  | { status: 'saved'; revision: number }
  | { status: 'unchanged' }
  | { status: 'conflict'; current: ConflictBody['current'] }
  | { status: 'refused'; issues: LintIssue[] }
  | { status: 'failed'; message: string; offline: boolean };

/** The save under way: saves go one after the other, each on the revision the previous one got. */
let inFlight: Promise<SaveOutcome> | null = null;

/**
 * Saves the draft on the revision it was based on. A stale revision is never overwritten
 * silently: the 409 answer (the other editor's version) goes to the conflict dialog.
 */
export async function saveDraft(store: DocumentStore = documentStore, options: { force?: boolean } = {}): Promise<SaveOutcome> {
  // Two saves at once would both send the same base revision, and the second would conflict
  // with the first: a save asked for during another waits for it, then saves what is left.
  while (inFlight) await inFlight.catch(() => undefined);
  const run = saveNow(store, options);
  inFlight = run;
  try {
    return await run;
  } finally {
    if (inFlight === run) inFlight = null;
  }
}

/** A save is under way (its answer will move the revision). */
export function saveInFlight(): boolean {
  return inFlight !== null;
}

async function saveNow(store: DocumentStore, options: { force?: boolean }): Promise<SaveOutcome> {
  const { flowId, doc, revision, savedDoc } = store.getState();
  if (!flowId || !doc) return { status: 'unchanged' };
  if (doc === savedDoc && !options.force) return { status: 'unchanged' };
  saveStatusStore.getState().set({ saving: true, error: null });
  try {
    const result = await flowsApi.saveDraft(flowId, revision, doc);
    if (result.document) {
      // The server stamped translations this copy had not: edited from now on, or the next save drops them
      // (with what was typed during the save put back in).
      const stored = readDocument(result.document);
      const current = store.getState().doc;
      store.getState().markSaved(result.revision, stored, current === doc || !current ? stored : mergeFlows(doc, current, stored, 'mine').flow);
    } else store.getState().markSaved(result.revision, doc);
    saveStatusStore.getState().set({ saving: false, conflict: null, conflictHidden: false, refused: null, offline: false });
    return { status: 'saved', revision: result.revision };
  } catch (error) {
    const outcome = failure(error);
    saveStatusStore.getState().set({
      saving: false,
      conflict: outcome.status === 'conflict' ? outcome.current : null,
      conflictHidden: false,
      refused: outcome.status === 'refused' ? { issues: outcome.issues, doc } : null,
      error: outcome.status === 'failed' ? outcome.message : null,
      offline: outcome.status === 'failed' && outcome.offline,
    });
    return outcome;
  }
}

function failure(error: unknown): SaveOutcome {
  if (error instanceof ApiError) {
    if (error.status === 409 && error.body.current) return { status: 'conflict', current: error.body.current as ConflictBody['current'] };
    if (error.status === 400) {
      const issues = Array.isArray(error.body.issues) ? (error.body.issues as LintIssue[]) : [];
      return { status: 'refused', issues: issues.length > 0 ? issues : [{ severity: 'error', code: 'schema.invalid', message: error.message }] };
    }
    // Status 0: the request never reached the server (the client's `network` error).
    return { status: 'failed', message: error.message, offline: error.status === 0 };
  }
  // fetch itself failed: no network, or the server is down. The edits stay here (and in the unsent copy).
  return { status: 'failed', message: (error as Error).message ?? String(error), offline: true };
}

/**
 * After a conflict: take the other editor's version (my unsaved changes are dropped). The steps
 * saved before them stay undoable, as after following a draft (`DocumentState.discard`).
 */
export function reloadTheirs(current: ConflictBody['current'], store: DocumentStore = documentStore): void {
  const { flowId } = store.getState();
  if (!flowId) return;
  store.getState().discard(current.revision, readDocument(current.document));
  saveStatusStore.getState().set({ conflict: null, conflictHidden: false });
}

/**
 * After a conflict: their draft with my changes put in (a three-way merge from the version my
 * edits started from), saved on their revision. Their changes I did not touch all stay; `prefer`
 * decides only the fields we both changed.
 */
export async function mergeWithTheirs(current: ConflictBody['current'], prefer: 'mine' | 'theirs', store: DocumentStore = documentStore): Promise<SaveOutcome> {
  const { doc, savedDoc } = store.getState();
  if (!doc) return { status: 'unchanged' };
  const theirs = readDocument(current.document);
  // No known base (never the case once a draft is open): every difference counts as mine.
  const merged = mergeFlows(savedDoc ?? theirs, doc, theirs, prefer).flow;
  store.getState().rebase(current.revision, theirs, merged);
  saveStatusStore.getState().set({ conflict: null, conflictHidden: false });
  return saveDraft(store);
}

/** A stored document with the schema's defaults filled in (as the editor works on it). */
export function readDocument(document: unknown): Flow {
  const parsed = parseFlow(document);
  return parsed.ok ? markParsed(parsed.flow) : (document as Flow);
}
