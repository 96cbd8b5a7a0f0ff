import { canonicalJson, type Flow } from '@griot/flows';
import { documentStore, type DocumentStore } from '../store/documentStore.ts';
import { UNSENT_PREFIX } from './unsentPrefix.ts';
import { sessionStore, signedInUserId } from '../app/sessionStore.ts';
import { deviceStorage } from '../app/deviceStorage.ts';

/** Edits not yet accepted by the server, kept on this device so a crash or a closed tab loses nothing. */
export interface UnsentCopy {
  flowId: string;
  /** The draft revision the edits were made on. */
  baseRevision: number;
  /** When the copy was last written (ISO). */
  savedAt: string;
  doc: Flow;
  /**
   * The server's draft at `baseRevision`, the version the edits started from: with it, restoring
   * after the server moved on merges (their later changes stay). Absent in copies made before.
   */
  baseDoc?: Flow;
}

export { UNSENT_PREFIX };
/**
 * Kept under the user who made them: a session that expired keeps them for that user's next
 * sign-in on this browser, and another user never reads them (their sign-in removes them:
 * app/deviceTraces.ts).
 */
const keyOf = (userId: string, flowId: string, baseRevision: number) => `${UNSENT_PREFIX}${userId}.${flowId}@${baseRevision}`;

function keysOf(store: Storage, userId: string, flowId: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(`${UNSENT_PREFIX}${userId}.${flowId}@`)) keys.push(key);
  }
  return keys;
}

/** Keeps the copy under the flow and its base revision; the older copies of the flow go. */
export function keepUnsentCopy(copy: UnsentCopy, store = deviceStorage(), userId = signedInUserId()): boolean {
  if (!store) return false;
  const key = keyOf(userId, copy.flowId, copy.baseRevision);
  try {
    store.setItem(key, JSON.stringify(copy));
  } catch {
    // Full or forbidden (private browsing): the server copy is then the only one.
    return false;
  }
  for (const other of keysOf(store, userId, copy.flowId)) if (other !== key) store.removeItem(other);
  return true;
}

/** The newest unsent copy of the flow on this device, if any. */
export function readUnsentCopy(flowId: string, store = deviceStorage(), userId = signedInUserId()): UnsentCopy | null {
  if (!store) return null;
  let newest: UnsentCopy | null = null;
  for (const key of keysOf(store, userId, flowId)) {
    try {
      const copy = JSON.parse(store.getItem(key) ?? 'null') as UnsentCopy | null;
      if (copy?.doc && typeof copy.baseRevision === 'number' && (!newest || copy.savedAt > newest.savedAt)) newest = copy;
    } catch {
      store.removeItem(key);
    }
  }
  return newest;
}

export function dropUnsentCopies(flowId: string, store = deviceStorage(), userId = signedInUserId()): void {
  if (!store) return;
  for (const key of keysOf(store, userId, flowId)) store.removeItem(key);
}

/** True when the copy holds something the server's draft does not. */
export function copyDiffers(copy: UnsentCopy, serverDoc: Flow): boolean {
  return canonicalJson(copy.doc) !== canonicalJson(serverDoc);
}

/**
 * While the editor is open: every unsaved state of the document is copied to this device a
 * moment after it changes, and the copy goes once the server has accepted the draft (or the
 * editor took the other editor's version). Returns the function that stops it.
 */
export function keepUnsentCopies(options: { store?: DocumentStore; delayMs?: number; now?: () => Date; storage?: Storage | null; userId?: string; sessionEnded?: () => boolean } = {}): () => void {
  const documents = options.store ?? documentStore;
  const sessionEnded = options.sessionEnded ?? sessionEndedUnasked;
  const userId = options.userId ?? signedInUserId();
  const delayMs = options.delayMs ?? 250;
  const now = options.now ?? (() => new Date());
  const target = options.storage === undefined ? deviceStorage() : options.storage;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const write = () => {
    timer = null;
    const { flowId, doc, savedDoc, revision } = documents.getState();
    if (!flowId || !doc || doc === savedDoc) return;
    keepUnsentCopy({ flowId, baseRevision: revision, savedAt: now().toISOString(), doc, ...(savedDoc ? { baseDoc: savedDoc } : {}) }, target, userId);
  };

  const unsubscribe = documents.subscribe((state, previous) => {
    if (!state.flowId) return;
    if (state.doc === state.savedDoc) {
      // Saved (a new revision) or back to what the server has (their version taken, all undone).
      if (state.savedDoc !== previous.savedDoc || state.doc !== previous.doc) {
        if (timer) clearTimeout(timer);
        timer = null;
        dropUnsentCopies(state.flowId, target, userId);
      }
      return;
    }
    if (state.doc !== previous.doc || state.revision !== previous.revision) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(write, delayMs);
    }
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      write();
    }
  };
  // A tab being closed or hidden gets its last edits written at once.
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flush);
  return () => {
    // The session expired or was ended (the login page replaces the editor, nobody asked): the last
    // edits are kept for the same user's next sign-in. Leaving the editor otherwise asked first
    // (save, or leave without the edits), and a sign-out forgets them: nothing to write then.
    if (sessionEnded()) flush();
    if (timer) clearTimeout(timer);
    unsubscribe();
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', flush);
  };
}

/** The session ended without the user choosing it (expired, ended by an admin): `sessionStore.expired` names them. */
function sessionEndedUnasked(): boolean {
  const { user, expired } = sessionStore.getState();
  return user === null && expired !== null;
}
