import { useCallback, useEffect, useRef } from 'react';
import { useHotkeys } from '@mantine/hooks';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { audioNamesOf } from '@griot/flows';
import { copyRecordings } from './pasteRecordings.ts';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { saveDraft } from '../versions/draftSaver.ts';
import { canvasStore } from './canvasStore.ts';
import { copyNodes, keepCopy, laterCopy, parseClipboard, pasteNodes, pasteOffset, readKeptCopy, type ClipboardContent, type VisibleArea } from './clipboard.ts';
import { useAutoLayout } from './useAutoLayout.ts';
import { FIT_VIEW_OPTIONS } from './fitViewOptions.ts';

/** The editor's keyboard: undo/redo, save, copy/cut/paste/duplicate, select all, search, layout, fit. */
export function useEditorShortcuts(options: { onHelp(): void; readOnly: boolean }): void {
  const flow = useReactFlow();
  const layout = useAutoLayout();
  const canvas = useStoreApi();
  const { t } = useTranslation();
  const clipboard = useRef<{ content: ClipboardContent; pastes: number } | null>(null);

  const copy = useCallback(() => {
    const doc = documentStore.getState().doc;
    const ids = canvasStore.getState().selectedNodeIds;
    if (!doc || ids.length === 0) return false;
    const copied = copyNodes(doc, ids);
    if (!copied) return false;
    const flowId = documentStore.getState().flowId;
    const content: ClipboardContent = { ...copied, ...(flowId ? { flowId } : {}), copiedAt: Date.now() };
    clipboard.current = { content, pastes: 0 };
    keepCopy(content);
    void navigator.clipboard?.writeText(JSON.stringify(content)).catch(() => {});
    return true;
  }, []);

  const paste = useCallback(async () => {
    const doc = documentStore.getState().doc;
    if (!doc) return;
    // What this editor copied, unless a later copy was made in another flow or tab of this site
    // (kept on the device) or elsewhere (the system clipboard, read only then).
    let held = clipboard.current;
    const kept = readKeptCopy();
    if (!held || laterCopy(held.content, kept) !== held.content) {
      const text = await navigator.clipboard?.readText().catch(() => '');
      const content = laterCopy(kept, text ? parseClipboard(text) : null);
      if (!content) return;
      if (!held || laterCopy(held.content, content) !== held.content) held = clipboard.current = { content, pastes: 0 };
    }
    held.pastes += 1;
    const placed = pasteNodes(doc, held.content, pasteOffset(doc, held.content, held.pastes, visibleArea(canvas.getState())));
    const { flowId } = documentStore.getState();
    const from = held.content.flowId;
    let nodes = placed.nodes;
    if (from && flowId && from !== flowId) {
      try {
        const copied = await copyRecordings(from, flowId, nodes, audioNamesOf(doc));
        nodes = copied.nodes;
        if (copied.failed.length > 0) notifications.show({ color: 'red', title: t('canvas.recordingsNotCopiedTitle'), message: t('canvas.recordingsNotCopied', { names: copied.failed.join(', ') }) });
      } catch (error) {
        notifications.show({ color: 'red', title: t('canvas.recordingsNotCopiedTitle'), message: String((error as Error).message) });
      }
    }
    const edges = placed.edges;
    documentActions().pasteNodes(nodes, edges);
    canvasStore.getState().selectNodes(nodes.map((n) => n.id));
  }, [canvas, t]);

  const editing = options.readOnly
    ? []
    : ([
        ['mod+Z', () => documentStore.getState().undo()],
        ['mod+shift+Z', () => documentStore.getState().redo()],
        ['mod+Y', () => documentStore.getState().redo()],
        ['mod+C', () => void copy()],
        [
          'mod+X',
          () => {
            if (copy()) documentActions().deleteElements(canvasStore.getState().selectedNodeIds.filter((id) => documentStore.getState().doc?.nodes.find((n) => n.id === id)?.type !== 'start'));
          },
        ],
        ['mod+V', () => void paste()],
        [
          'mod+D',
          () => {
            if (copy()) void paste();
          },
        ],
        ['mod+shift+L', layout],
      ] as Array<[string, (event: KeyboardEvent) => void]>);

  useHotkeys([
    ...editing,
    ['mod+A', () => canvasStore.getState().selectNodes(documentStore.getState().doc?.nodes.map((n) => n.id) ?? [])],
    ['mod+F', () => canvasStore.getState().setSearchOpen(true)],
    ['shift+1', () => void flow.fitView(FIT_VIEW_OPTIONS)],
    ['shift+?', options.onHelp],
    ['Escape', () => canvasStore.getState().selectNodes([])],
  ]);
  // Saving works from inside a text field too, and so does finding a node (the editor is often in the inspector's fields).
  useHotkeys([...(options.readOnly ? [] : ([['mod+S', () => void saveDraft()]] as Array<[string, () => void]>)), ['mod+K', () => canvasStore.getState().setSearchOpen(true)]], []);
  // Undo in a node's text field takes back what was typed there, as the header's « Annuler » does.
  useEffect(() => (options.readOnly ? undefined : undoInNodeFields(document)), [options.readOnly]);
}

const inNodeField = (target: EventTarget | null) => {
  const element = target as Element | null;
  return !!element?.matches?.('textarea[data-field], input[data-field]') && !!element.closest('.inspector-fieldset');
};

/** What the browser undoes on its own, however quickly it follows typing: a paste, a drop, a cut. */
const ownStep = new Set(['insertFromPaste', 'insertFromDrop', 'deleteByCut']);

/**
 * Ctrl+Z (⌘Z) in a node's text field undoes the editor's step (the run of typing in that field,
 * one step) rather than the browser's own undo, which in these fields takes back one character at
 * a time and then leaves the editor's history out of step; Ctrl+Shift+Z and Ctrl+Y redo. A paste
 * (a drop, a cut) is a step of its own, as in the browser, not part of the words typed around it.
 * Returns the unsubscribe.
 */
export function undoInNodeFields(page: Document): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
    if (key !== 'z' && !redo) return;
    if (!inNodeField(event.target)) return;
    event.preventDefault();
    if (redo) documentStore.getState().redo();
    else documentStore.getState().undo();
  };
  let afterOwnStep = false;
  const onBeforeInput = (event: Event) => {
    if (!inNodeField(event.target)) return;
    const own = ownStep.has((event as InputEvent).inputType);
    if (own || afterOwnStep) endTypingRun();
    afterOwnStep = own;
  };
  page.addEventListener('keydown', onKey, true);
  page.addEventListener('beforeinput', onBeforeInput, true);
  return () => {
    page.removeEventListener('keydown', onKey, true);
    page.removeEventListener('beforeinput', onBeforeInput, true);
  };
}

/** The next edit starts a step of its own, whatever field it is in and however soon it comes. */
function endTypingRun(): void {
  const { past } = documentStore.getState();
  const last = past[past.length - 1];
  if (!last?.coalesceKey) return;
  const { coalesceKey: _ended, ...ended } = last;
  documentStore.setState({ past: [...past.slice(0, -1), ended] });
}

/** What the canvas shows, in flow coordinates; null before the canvas has a size. */
function visibleArea(state: { width: number; height: number; transform: [number, number, number] }): VisibleArea | null {
  const [x, y, zoom] = state.transform;
  if (!state.width || !state.height || !zoom) return null;
  return { x: -x / zoom, y: -y / zoom, width: state.width / zoom, height: state.height / zoom };
}
