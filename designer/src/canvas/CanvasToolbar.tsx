import { memo } from 'react';
import { ActionIcon, Group, Paper, SegmentedControl, Tooltip } from '@mantine/core';
import { IconFocusCentered, IconFrame, IconLayoutDistributeHorizontal, IconNote, IconSearch } from '@tabler/icons-react';
import { Panel, useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useDefaultLocale, useLocales } from '../store/selectors.ts';
import { canvasStore, useCanvas } from './canvasStore.ts';
import { useAutoLayout } from './useAutoLayout.ts';
import { documentActions } from '../store/documentStore.ts';
import { freeSpot } from './freeSpot.ts';
import { occupiedBoxes } from './placeNewNode.ts';
import { NOTE_WIDTH, type CanvasNode } from './canvasNodes.ts';
import { FIT_VIEW_OPTIONS } from './fitViewOptions.ts';

/**
 * Over the canvas: the locale the prompts are shown in, layout, fit and search. Memoized: the
 * canvas renders on every drag frame and this has nothing to redraw then.
 */
export const CanvasToolbar = memo(function CanvasToolbar({ readOnly = false }: { readOnly?: boolean }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const fallback = useDefaultLocale();
  const locale = useCanvas((s) => s.locale) ?? fallback;
  const flow = useReactFlow();
  const layout = useAutoLayout();
  const selected = useCanvas((s) => s.selectedNodeIds);
  const group = () => {
    documentActions().addGroup(t('sections.newName'), selected);
  };
  const addNote = () => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const center = flow.screenToFlowPosition(pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 });
    const at = freeSpot({ width: NOTE_WIDTH, height: 120 }, occupiedBoxes(flow.getNodes() as CanvasNode[]), { near: center });
    documentActions().addNote(at);
  };
  return (
    <Panel position="top-left">
      <Paper shadow="xs" radius="md" p={4} withBorder>
        <Group gap={6} wrap="nowrap">
          <Tooltip label={t('canvas.localeHelp')}>
            <SegmentedControl
              size="xs"
              aria-label={t('canvas.locale')}
              value={locale}
              data={locales.map((l) => ({ value: l.code, label: l.code.toUpperCase() }))}
              onChange={(v) => canvasStore.getState().setLocale(v)}
            />
          </Tooltip>
          <Tooltip label={`${t('canvas.layout')} (Ctrl+Shift+L)`}>
            <ActionIcon variant="subtle" onClick={layout} aria-label={t('canvas.layout')}>
              <IconLayoutDistributeHorizontal size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={`${t('canvas.fitView')} (Shift+1)`}>
            <ActionIcon variant="subtle" onClick={() => void flow.fitView(FIT_VIEW_OPTIONS)} aria-label={t('canvas.fitView')}>
              <IconFocusCentered size={18} />
            </ActionIcon>
          </Tooltip>
          {!readOnly && (
            <>
              <Tooltip label={selected.length > 1 ? t('sections.group') : t('sections.groupHelp')}>
                <ActionIcon variant="subtle" onClick={group} disabled={selected.length < 2} aria-label={t('sections.group')} data-action="group-selection">
                  <IconFrame size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('notes.add')}>
                <ActionIcon variant="subtle" onClick={addNote} aria-label={t('notes.add')} data-action="add-note">
                  <IconNote size={18} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
          <Tooltip label={`${t('canvas.search')} (Ctrl+K)`}>
            <ActionIcon variant="subtle" onClick={() => canvasStore.getState().setSearchOpen(true)} aria-label={t('canvas.search')}>
              <IconSearch size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Paper>
    </Panel>
  );
});
