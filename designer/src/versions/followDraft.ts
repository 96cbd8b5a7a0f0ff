import type { Draft } from '../api/types.ts';
import { flowsApi } from '../api/flowsApi.ts';
import { documentStore, type DocumentStore } from '../store/documentStore.ts';
import { readDocument, saveInFlight } from './draftSaver.ts';

/** A tab switch fires both `visibilitychange` and `focus`, alt-tabbing `focus` at every press: one look this often. */
export const DRAFT_ON_FRONT_MS = 2_000;

/** The newer draft this tab now shows: its revision, and who saved it (a username), when the server says. */
export interface FollowedDraft {
  revision: number;
  by?: string;
}

/**
 * A dialog is open over the editor (publishing, a merge, a restore): what it shows and sends was
 * read from the draft on screen, so the draft is not swapped underneath it.
 */
export function dialogOpen(page: { querySelector?(selector: string): Element | null } = globalThis.document): boolean {
  return page?.querySelector?.('[role="dialog"][aria-modal="true"]') != null;
}

/**
 * The draft as saved since this tab last read or wrote it (in another tab, by a colleague), put
 * on screen when this tab holds no edit of its own. The undo history stays: each earlier step is
 * taken back on their draft, their changes kept, or refused where it would erase them (see
 * `stepBack`); never is a copy from before their save sent back over it. With edits of its own,
 * a save under way or a dialog open, nothing is read: the next save's revision check shows the
 * conflict dialog, which merges the two.
 */
export async function catchUpDraft(store: DocumentStore = documentStore, read: (flowId: string) => Promise<Draft> = flowsApi.draft, held: () => boolean = dialogOpen): Promise<FollowedDraft | null> {
  const { flowId, doc, savedDoc, revision } = store.getState();
  if (!flowId || !doc || doc !== savedDoc || saveInFlight() || held()) return null;
  const draft = await read(flowId);
  const now = store.getState();
  // Edited, saved, a dialog opened or another flow opened while the answer came: that edit's own save decides.
  if (now.flowId !== flowId || now.doc !== now.savedDoc || now.revision !== revision || draft.revision <= revision || held()) return null;
  const theirs = readDocument(draft.document);
  now.rebase(draft.revision, theirs, theirs);
  return { revision: draft.revision, ...(draft.updatedBy ? { by: draft.updatedBy } : {}) };
}

/**
 * Looks for a newer draft whenever the tab comes back to the front (see `catchUpDraft`), so an
 * editor with the flow open in two tabs, or after a colleague's edit, reads the draft as it is
 * rather than a copy they would only learn was old at their next edit. Returns the unsubscribe.
 */
export function followDraft(
  page: { window: EventTarget; document: EventTarget & { visibilityState?: string } },
  onFollowed: (followed: FollowedDraft) => void,
  options: { store?: DocumentStore; read?: (flowId: string) => Promise<Draft>; now?: () => number; held?: () => boolean } = {},
): () => void {
  const now = options.now ?? Date.now;
  let lookedAt = Number.NEGATIVE_INFINITY;
  // Only a return counts: a window that never lost focus (a first click on the page fires `focus`) is the editor at work.
  let away = false;
  const onAway = () => {
    away = true;
  };
  const onFront = () => {
    if (!away || now() - lookedAt < DRAFT_ON_FRONT_MS) return;
    away = false;
    lookedAt = now();
    catchUpDraft(options.store, options.read, options.held).then(
      (followed) => followed && onFollowed(followed),
      // Offline or refused: the tab keeps what it shows, and the next save's check still guards it.
      () => undefined,
    );
  };
  const onVisible = () => {
    if (page.document.visibilityState === 'hidden') onAway();
    else onFront();
  };
  page.window.addEventListener('blur', onAway);
  page.window.addEventListener('focus', onFront);
  page.document.addEventListener('visibilitychange', onVisible);
  return () => {
    page.window.removeEventListener('blur', onAway);
    page.window.removeEventListener('focus', onFront);
    page.document.removeEventListener('visibilitychange', onVisible);
  };
}
