import { Suspense, type ReactNode } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { lazyPage, PageCodeBoundary } from '../app/pageLoading.tsx';

/**
 * The editor's parts that its first drawing does not show, each in a file of its own: the side panels other than
 * the inspector and the checks, the translation table, the automatic layout (dagre). The editor's own file is that
 * much smaller to fetch and compile before the flow is drawn; they are fetched once it is (`preloadEditorParts`),
 * so a panel opened later shows at once.
 */
const loaders = {
  versions: () => import('../versions/VersionsPanel.tsx'),
  simulator: () => import('../simulator/SimulatorPanel.tsx'),
  tests: () => import('../testing/TestsPanel.tsx'),
  languages: () => import('../languages/LocalesPanel.tsx'),
  flow: () => import('../flowSettings/FlowPanel.tsx'),
  translations: () => import('../languages/TranslationTable.tsx'),
  layout: () => import('../canvas/layoutPositions.ts'),
};

export const VersionsPanel = lazyPage(() => loaders.versions().then((m) => m.VersionsPanel));
export const SimulatorPanel = lazyPage(() => loaders.simulator().then((m) => m.SimulatorPanel));
export const TestsPanel = lazyPage(() => loaders.tests().then((m) => m.TestsPanel));
export const LocalesPanel = lazyPage(() => loaders.languages().then((m) => m.LocalesPanel));
export const FlowPanel = lazyPage(() => loaders.flow().then((m) => m.FlowPanel));
export const TranslationTable = lazyPage(() => loaders.translations().then((m) => m.TranslationTable));
export const loadLayoutPositions = loaders.layout;

/** Fetches the parts when the browser has nothing else to do (the flow is drawn): errors wait for the part's own use. */
export function preloadEditorParts(): () => void {
  const load = () => {
    for (const part of Object.values(loaders)) part().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') {
    const idle = window.requestIdleCallback(load, { timeout: 2000 });
    return () => window.cancelIdleCallback(idle);
  }
  const timer = setTimeout(load, 200);
  return () => clearTimeout(timer);
}

/** Where a part shows: « Chargement… » while its file arrives, « reload » if it is gone (an upgrade since the tab opened). */
export function EditorPart({ children }: { children: ReactNode }) {
  return (
    <PageCodeBoundary path={window.location.pathname}>
      <Suspense fallback={<PartLoading />}>{children}</Suspense>
    </PageCodeBoundary>
  );
}

function PartLoading() {
  const { t } = useTranslation();
  return (
    <Center h="100%" p="md">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {t('app.partLoading')}
        </Text>
      </Stack>
    </Center>
  );
}
