import { Suspense, useEffect, useState } from 'react';
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import { documentStore } from '../store/documentStore.ts';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { Palette } from '../canvas/Palette.tsx';
import { NodeSearch } from '../canvas/NodeSearch.tsx';
import { useEditorShortcuts } from '../canvas/useEditorShortcuts.ts';
import { useLintRunner } from '../checks/useLintRunner.ts';
import { lintStore } from '../checks/lintStore.ts';
import { lintDocument } from '../checks/lintDocument.ts';
import { serverRulesStore } from '../checks/serverRulesStore.ts';
import { TranslationTable } from '../languages/TranslationTable.tsx';
import { readDocument } from '../versions/draftSaver.ts';
import { ConflictModal } from '../versions/ConflictModal.tsx';
import { saveStatusStore } from '../versions/saveStatusStore.ts';
import { versionsStore } from '../versions/versionsStore.ts';
import { stopPreview } from '../simulator/previewController.ts';
import { navigate } from '../app/router.ts';
import { lazyPage, PageCodeBoundary } from '../app/pageLoading.tsx';
import { can, useUser } from '../app/sessionStore.ts';
import { startAutosave } from '../versions/autosave.ts';
import { followDraft } from '../versions/followDraft.ts';
import { savedBy } from '../versions/savedBy.ts';
import { notifications } from '@mantine/notifications';
import { copyDiffers, dropUnsentCopies, keepUnsentCopies, readUnsentCopy, type UnsentCopy } from '../versions/unsentCopy.ts';
import { RestoreUnsentModal } from '../versions/RestoreUnsentModal.tsx';
import { EditorHeader } from './EditorHeader.tsx';
import { LeaveEditorGuard } from './LeaveEditorGuard.tsx';
import { SidePanel } from './SidePanel.tsx';
import { useSideFolded } from './sideFold.ts';
import { ShortcutsModal } from './ShortcutsModal.tsx';

// A handle for the browser tests and the benchmark (no secrets here: the stores hold what is on screen),
// set when the editor's code arrives (its own file: the other pages do not load it).
Object.assign(window, { __griot: { documentStore, canvasStore, lintStore, lintDocument, serverRulesStore } });

/**
 * The charts library comes with the dashboard, only when someone opens it. Its file gone (an editor's
 * tab opened before an upgrade), the dashboard's place says to reload, not a blank designer.
 */
const AnalyticsDashboard = lazyPage(() => import('../analytics/AnalyticsDashboard.tsx').then((m) => m.default));

/** Opens a flow's draft and lays out the editor: palette, canvas or translation table, side panels. */
export function EditorPage({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');
  const [unsent, setUnsent] = useState<UnsentCopy | null>(null);

  useEffect(() => {
    let cancelled = false;
    setState('loading');
    flowsApi.get(flowId).then(
      (details) => {
        if (cancelled) return;
        const doc = readDocument(details.draft.document);
        stopPreview();
        canvasStore.getState().reset();
        canvasStore.getState().setLocale(doc.locales[0]?.code ?? 'fr');
        // `?view=analytics`: opened from the supervisor's wallboard, straight on the flow's figures; `?view=translations`:
        // the table the editor was working in before a reload (or a link a colleague sent), not the canvas again.
        const asked = new URLSearchParams(window.location.search).get('view');
        if (asked === 'analytics' || asked === 'translations') canvasStore.getState().setView(asked);
        saveStatusStore.getState().reset();
        versionsStore.setState({
          versions: [...(details.versions ?? [])].sort((a, b) => b.number - a.number),
          // The detail carries the newest page: « Versions plus anciennes » fetches the rest.
          hasOlder: details.olderVersions === true,
          environments: details.environments ?? { staging: null, production: null },
        });
        documentStore.getState().load(flowId, doc, details.draft.revision);
        // Edits this device kept but the server never got: offered back, unless the server has them already.
        const copy = readUnsentCopy(flowId);
        if (copy && copyDiffers(copy, doc)) setUnsent(copy);
        else if (copy) dropUnsentCopies(flowId);
        setState('ready');
      },
      (e: Error) => !cancelled && setState({ error: e.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [flowId]);

  if (state === 'loading') {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (typeof state === 'object') {
    return (
      <Center h="100vh">
        <Stack>
          <Alert color="red" title={t('editor.loadFailed')}>
            {state.error}
          </Alert>
          <Button variant="default" onClick={() => navigate('/')}>
            {t('editor.backToFlows')}
          </Button>
        </Stack>
      </Center>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorLayout />
      {unsent && <RestoreUnsentModal copy={unsent} onDone={() => setUnsent(null)} />}
    </ReactFlowProvider>
  );
}

function EditorLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const readOnly = !can.edit(user);
  const view = useCanvas((s) => s.view);
  const [help, setHelp] = useState(false);
  useLintRunner();
  useViewInAddress(view);
  // Back to this tab: the draft saved meanwhile elsewhere (another tab, a colleague) is shown, said so.
  const username = user?.username;
  useEffect(
    () =>
      followDraft({ window, document }, ({ revision, by }) => {
        const saver = savedBy(by, username);
        notifications.show({
          id: 'draft-followed',
          color: 'blue',
          message:
            saver.who === 'unknown'
              ? t('editor.draftFollowed', { revision })
              : saver.who === 'you'
                ? t('editor.draftFollowedByYou', { revision })
                : saver.who === 'token'
                  ? t('editor.draftFollowedByToken', { revision })
                  : t('editor.draftFollowedBy', { revision, by: saver.by }),
        });
      }),
    [t, username],
  );
  // An undo or redo that would have taken back a draft saved elsewhere since was not done: said, with its step.
  useEffect(
    () =>
      documentStore.subscribe(({ refused }, previous) => {
        if (!refused || refused === previous.refused) return;
        const step = t(`actions.${refused.name}`);
        notifications.show({
          id: 'history-refused',
          color: 'orange',
          autoClose: 12_000,
          message: refused.variables
            ? t(`editor.${refused.direction}RefusedUsed`, { step, variables: refused.variables.join(', '), count: refused.variables.length })
            : refused.direction === 'undo'
              ? t('editor.undoRefused', { step })
              : t('editor.redoRefused', { step }),
        });
      }),
    [t],
  );
  useEffect(() => {
    if (readOnly) return;
    const stopCopies = keepUnsentCopies();
    const stopAutosave = startAutosave();
    return () => {
      stopAutosave();
      stopCopies();
    };
  }, [readOnly]);
  useEditorShortcuts({ onHelp: () => setHelp(true), readOnly });
  const sideFolded = useSideFolded();
  return (
    <div className={`editor${sideFolded ? ' side-folded' : ''}`}>
      <header className="editor-top">
        <EditorHeader onHelp={() => setHelp(true)} />
      </header>
      {/* Blocks are added on the canvas: the other views give the palette's room to their table or charts. */}
      {!readOnly && view === 'canvas' && (
        <nav className="editor-palette">
          <Palette />
        </nav>
      )}
      <main className={`editor-main${readOnly || view !== 'canvas' ? ' wide' : ''}`}>
        <div className="canvas-host" style={{ display: view === 'canvas' ? 'block' : 'none' }}>
          <FlowCanvas readOnly={readOnly} />
        </div>
        {view === 'translations' && <TranslationTable readOnly={readOnly} />}
        {view === 'analytics' && (
          <PageCodeBoundary path={window.location.pathname}>
            <Suspense
              fallback={
                <Center h="100%">
                  <Loader />
                </Center>
              }
            >
              <AnalyticsDashboard />
            </Suspense>
          </PageCodeBoundary>
        )}
      </main>
      <aside className="editor-side">
        <SidePanel readOnly={readOnly} />
      </aside>
      <NodeSearch />
      <ConflictModal />
      {!readOnly && <LeaveEditorGuard />}
      <ShortcutsModal opened={help} onClose={() => setHelp(false)} />
    </div>
  );
}

/**
 * The editor's view kept in the address (`?view=translations`, `?view=analytics`; none for the canvas), replaced
 * rather than pushed: a reload, or the address copied to a colleague, opens the same view, and « Précédent » still
 * leaves the flow rather than stepping back through the tabs.
 */
function useViewInAddress(view: 'canvas' | 'translations' | 'analytics'): void {
  useEffect(() => {
    const url = new URL(window.location.href);
    if ((url.searchParams.get('view') ?? 'canvas') === view) return;
    if (view === 'canvas') url.searchParams.delete('view');
    else url.searchParams.set('view', view);
    window.history.replaceState(window.history.state, '', url);
  }, [view]);
}
