import { Component, lazy, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Button, Center, Loader, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { createStore, useStore } from 'zustand';

/**
 * A page's code could not be fetched: most often the tab was opened before an upgrade, and the
 * file it names (hashed, `/assets/EditorPage-….js`) is no longer served. Only a reload helps.
 */
export class PageCodeMissing extends Error {
  override readonly name = 'PageCodeMissing';
}

/**
 * A page whose code is fetched the first time it is shown (its own file, and the libraries only it
 * uses): an agent's inbox does not download the flow editor, the editor not the admin pages.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    try {
      return { default: await load() };
    } catch (cause) {
      throw new PageCodeMissing(String(cause), { cause });
    }
  });
}

/** How long a page's code may take before « Chargement… » is said: on a fast link it never shows. */
export const LOADING_SHOWN_AFTER_MS = 400;

/** What the page-loading status region says: « Chargement de la page… », then « Page chargée. ». */
const pageStatusStore = createStore<{ message: string }>()(() => ({ message: '' }));

/**
 * The one status region the app keeps for its pages' loading, always there (a screen reader
 * announces a live region's changes, not a region that appears with its text already inside, as
 * the loader's own used to): it says the page is loading once the loader shows, and that it is
 * loaded once it is gone, each once (the loader's visible words are hidden from assistive
 * technologies, or they would be read a second time).
 */
export function PageStatusRegion() {
  const message = useStore(pageStatusStore, (s) => s.message);
  return (
    <VisuallyHidden role="status" aria-live="polite" aria-atomic="true" className="page-status">
      {message}
    </VisuallyHidden>
  );
}

/** Shown while a page's code arrives: nothing at first (no flash), then a loader that says what it waits for. */
export function PageLoading() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let said = false;
    const timer = setTimeout(() => {
      said = true;
      pageStatusStore.setState({ message: t('app.pageLoading') });
      setShown(true);
    }, LOADING_SHOWN_AFTER_MS);
    return () => {
      clearTimeout(timer);
      // Loaded (or failed: the notice that replaces it is an alert of its own): said only when the loading was.
      if (said) pageStatusStore.setState({ message: t('app.pageLoaded') });
    };
  }, [t]);
  if (!shown) return null;
  return (
    <Center h="100vh" aria-hidden="true">
      <Stack align="center" gap="sm">
        <Loader />
        <Text c="dimmed">{t('app.pageLoading')}</Text>
      </Stack>
    </Center>
  );
}

function NewVersionNotice() {
  const { t } = useTranslation();
  return (
    <Center h="100vh">
      <Stack align="center" maw={480} role="alert">
        <Text ta="center">{t('app.newVersion')}</Text>
        <Button onClick={() => window.location.reload()}>{t('app.reload')}</Button>
      </Stack>
    </Center>
  );
}

/**
 * Catches a page whose code is missing and says to reload, instead of a blank page; any other
 * error goes on up. `path`: another address shown tries again (its page may be loaded already).
 */
export class PageCodeBoundary extends Component<{ path: string; children: ReactNode }, { error: unknown; failedAt: string | null }> {
  override state = { error: null as unknown, failedAt: null as string | null };

  static getDerivedStateFromError(error: unknown): { error: unknown; failedAt: string } {
    return { error, failedAt: window.location.pathname };
  }

  override render() {
    const { error, failedAt } = this.state;
    if (failedAt === null || failedAt !== this.props.path) return this.props.children;
    if (!(error instanceof PageCodeMissing)) throw error;
    return <NewVersionNotice />;
  }
}
