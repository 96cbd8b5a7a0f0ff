import { createStore, useStore } from 'zustand';
import { withRowIds, type Flow } from '@griot/flows';
import { nodeActions } from './actions/nodes.ts';
import { edgeActions } from './actions/edges.ts';
import { promptActions } from './actions/prompts.ts';
import { localeActions } from './actions/locales.ts';
import { variableActions } from './actions/variables.ts';
import { testCaseActions } from './actions/testCases.ts';
import { flowActions } from './actions/flow.ts';
import { outputActions } from './actions/outputs.ts';
import { translationActions } from './actions/translations.ts';
import { layoutActions } from './actions/layout.ts';
import { stepBack, type HistoryEntry, type Merged, type RefusedStep } from './history.ts';

export type { HistoryEntry, Merged, RefusedStep } from './history.ts';

export interface ApplyOptions {
  coalesce?: string;
}

/** Every document edit goes through here: a name for the undo menu, and a pure recipe. */
export type Apply = (name: string, recipe: (doc: Flow) => Flow, options?: ApplyOptions) => void;

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1500;
/** Conflict merges remembered for the undo (each holds three documents, sharing most of their nodes). */
const MERGES_LIMIT = 20;

function createActions(apply: Apply) {
  return {
    ...nodeActions(apply),
    ...edgeActions(apply),
    ...outputActions(apply),
    ...translationActions(apply),
    ...promptActions(apply),
    ...localeActions(apply),
    ...variableActions(apply),
    ...testCaseActions(apply),
    ...flowActions(apply),
    ...layoutActions(apply),
  };
}

export type DocumentActions = ReturnType<typeof createActions>;

export interface DocumentState {
  flowId: string | null;
  doc: Flow | null;
  /** The draft revision this document is based on (sent with the next save). */
  revision: number;
  /** The document as last loaded or saved: the editor has unsaved changes when `doc` differs. */
  savedDoc: Flow | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /**
   * The last undo or redo refused because it would have taken back someone else's saved changes
   * (see `stepBack`); the history in that direction was cut there. The editor says so.
   */
  refused: RefusedStep | null;
  /** The colleagues' drafts merged in after a conflict since the flow was opened: `stepBack` keeps their changes. */
  merges: Merged[];
  /**
   * The step whose result was last saved: the steps after it were never sent. Null: nothing saved
   * since the flow was opened (every step is unsent); undefined: not known (a save that met typing).
   */
  savedStep: HistoryEntry | null | undefined;
  /** Opens a document; clears the history. */
  load(flowId: string, doc: Flow, revision: number): void;
  /** The server accepted `doc` as `revision`. */
  /** `doc`: the document to edit from now on, when the server stored other than what was sent (its stamps). */
  markSaved(revision: number, saved: Flow, doc?: Flow): void;
  /**
   * A draft saved elsewhere (`theirs`, at `revision`) becomes the base, and `merged` (theirs with
   * my unsaved changes put in, after a conflict; theirs itself, when following it) the document.
   * Not a step of the history: their changes are not this editor's to undo. The steps before it
   * stay, and each is taken back from then on on the new document, their changes kept (`stepBack`).
   */
  rebase(revision: number, theirs: Flow, merged: Flow): void;
  /**
   * After a conflict, « Reprendre sa version »: their draft (`theirs`, at `revision`) replaces this
   * editor's, whose unsaved steps are dropped with the changes they made (never sent, given up).
   * The steps saved before stay, under the rule of a followed draft: each is taken back on their
   * draft, their changes kept, or refused where it would erase them (`stepBack`).
   */
  discard(revision: number, theirs: Flow): void;
  /**
   * Puts back edits kept on this device (after a crash or a closed tab), as one undoable step.
   * `revision` is the one they were made on: when the server has moved on since, the next save
   * meets the other editor's version in the conflict dialog instead of overwriting it.
   */
  restore(doc: Flow, revision: number): void;
  undo(): void;
  redo(): void;
  actions: DocumentActions;
}

/** The flow document being edited, with named, undoable actions. No I/O: saving lives outside. */
export function createDocumentStore(now: () => number = Date.now) {
  return createStore<DocumentState>()((set, get) => {
    const apply: Apply = (name, recipe, options = {}) => {
      const { doc, past } = get();
      if (!doc) return;
      const next = recipe(doc);
      if (next === doc) return;
      const last = past[past.length - 1];
      const time = now();
      // Typing goes on in the same step only if nothing else changed the document meanwhile (a
      // merge): else the step would hold the colleague's changes, and its undo would take them back.
      if (options.coalesce && last?.coalesceKey === options.coalesce && last.after === doc && time - last.at < COALESCE_MS) {
        set({ doc: next, future: [], past: [...past.slice(0, -1), { ...last, after: next, at: time }] });
        return;
      }
      const entry: HistoryEntry = { name, before: doc, after: next, at: time, ...(options.coalesce ? { coalesceKey: options.coalesce } : {}) };
      set({ doc: next, future: [], past: [...past, entry].slice(-HISTORY_LIMIT) });
    };
    return {
      flowId: null,
      doc: null,
      revision: 0,
      savedDoc: null,
      past: [],
      future: [],
      refused: null,
      merges: [],
      savedStep: null,
      load: (flowId, stored, revision) => {
        // Test cases, slots and answer mappings of a draft saved before they had ids get them from
        // their content, as every editor opening it does and as the merge does to the draft they all
        // started from: each editor's rows are known by the same ids (`mergeFlows`).
        const doc = withRowIds(stored);
        set({ flowId, doc, revision, savedDoc: doc, past: [], future: [], refused: null, merges: [], savedStep: null });
      },
      markSaved: (revision, saved, doc) => {
        const { doc: current, past } = get();
        const last = past[past.length - 1];
        // The server's stamps on what the last step left are part of that step's result (the server
        // derives them from this editor's own document): its undo is the document from before it,
        // exactly, not a three-way merge that would find the stamps in the way (a version taken back
        // whole, then stamped, could not be undone).
        const stampedLast = doc && doc !== current && last && last.after === current ? { ...last, after: doc } : null;
        const stamped = stampedLast ? { past: [...past.slice(0, -1), stampedLast] } : {};
        // The document saved is the one open (nothing typed since it was sent; after a merge, the
        // merged draft no step produced): every step so far is in it.
        const savedStep = stampedLast ?? past.findLast((entry) => entry.after === saved) ?? (saved === current ? (last ?? null) : past.length === 0 ? null : undefined);
        set({ revision, savedDoc: saved, ...(doc ? { doc } : {}), ...stamped, savedStep });
      },
      rebase: (revision, theirs, merged) => {
        const { doc, savedDoc, merges } = get();
        if (!doc) return;
        // Their draft followed as it is (nothing of this editor's in it): each step's own three-way merge keeps their changes.
        const merge = savedDoc && merged !== theirs ? { base: savedDoc, theirs, merged } : null;
        set({ doc: merged, revision, savedDoc: theirs, ...(merge ? { merges: [...merges, merge].slice(-MERGES_LIMIT) } : {}) });
      },
      discard: (revision, theirs) => {
        const { doc, past, savedStep } = get();
        if (!doc) return;
        // Steps made since the last save were never sent: what they changed is given up, so is their undo.
        const kept = savedStep === null ? [] : savedStep && past.includes(savedStep) ? past.slice(0, past.indexOf(savedStep) + 1) : past;
        set({ doc: theirs, revision, savedDoc: theirs, past: kept, future: [], refused: null });
      },
      restore: (restored, revision) => {
        const { doc, past } = get();
        if (!doc) return;
        set({ doc: restored, revision, future: [], past: [...past, { name: 'restoreUnsent', before: doc, after: restored, at: now() }].slice(-HISTORY_LIMIT) });
      },
      undo: () => {
        const { past, future, doc, merges } = get();
        const entry = past[past.length - 1];
        if (!entry || !doc) return;
        const stepped = stepBack(entry, doc, merges);
        // Refused: this step and the older ones (each built on it) can no longer be undone.
        if ('refused' in stepped) return set({ past: [], refused: { name: entry.name, direction: 'undo', at: now(), ...(stepped.variables ? { variables: stepped.variables } : {}) } });
        set({ doc: stepped.doc, past: past.slice(0, -1), future: [...future, { name: entry.name, before: doc, after: stepped.doc, at: now() }] });
      },
      redo: () => {
        const { past, future, doc, merges } = get();
        const entry = future[future.length - 1];
        if (!entry || !doc) return;
        const stepped = stepBack(entry, doc, merges);
        if ('refused' in stepped) return set({ future: [], refused: { name: entry.name, direction: 'redo', at: now(), ...(stepped.variables ? { variables: stepped.variables } : {}) } });
        set({ doc: stepped.doc, future: future.slice(0, -1), past: [...past, { name: entry.name, before: doc, after: stepped.doc, at: now() }].slice(-HISTORY_LIMIT) });
      },
      actions: createActions(apply),
    };
  });
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

/** The editor's one document store. */
export const documentStore = createDocumentStore();

export function useDocument<T>(selector: (state: DocumentState) => T): T {
  return useStore(documentStore, selector);
}

/** Shorthand for components that only edit. */
export const documentActions = (): DocumentActions => documentStore.getState().actions;
