import { memo } from 'react';
import { ActionIcon, Group, Paper, SegmentedControl, Tooltip } from '@mantine/core';
import { IconFocusCentered, IconLayoutDistributeHorizontal, IconSearch } from '@tabler/icons-react';
import { Panel, useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useDefaultLocale, useLocales } from '../store/selectors.ts';
import { canvasStore, useCanvas } from './canvasStore.ts';
import { useAutoLayout } from './useAutoLayout.ts';

/**
 * Over the canvas: the locale the prompts are shown in, layout, fit and search. Memoized: the
 * canvas renders on every drag frame and this has nothing to redraw then.
 */
export const CanvasToolbar = memo(function CanvasToolbar() {
  const { t } = useTranslation();
  const locales = useLocales();
  const fallback = useDefaultLocale();
  const locale = useCanvas((s) => s.locale) ?? fallback;
  const flow = useReactFlow();
  const layout = useAutoLayout();
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
            <ActionIcon variant="subtle" onClick={() => void flow.fitView({ duration: 300, maxZoom: 1 })} aria-label={t('canvas.fitView')}>
              <IconFocusCentered size={18} />
            </ActionIcon>
          </Tooltip>
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
