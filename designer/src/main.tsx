// First: before any schema is built (see the file).
import './app/zodWithoutEval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { ModalsProvider } from '@mantine/modals';
import { setNonce } from 'get-nonce';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
// React Flow's own rules (15 kB) stay before styles.css, which overrides them: in the editor's
// file they would come after it and win.
import '@xyflow/react/dist/style.css';
import './styles.css';
import './darkMode.css';
import i18next from 'i18next';
import { setupI18n } from './i18n/i18n.ts';
import { setApiErrorDescriber } from './api/client.ts';
import { describeApiError } from './errors/describeApiError.ts';
import { cssVariablesResolver, theme } from './app/theme.ts';
import { App } from './app/App.tsx';

// Server errors reach the user in their language, from the error's code and the values it carries.
setApiErrorDescriber((status, body) => describeApiError(i18next.t, status, body));

/**
 * The nonce the server wrote in this page for its `<style>` elements (runtime/src/api/designerRoutes.ts):
 * Mantine's theme variables and media queries carry it, the Content-Security-Policy refusing any other
 * inline style. Read from the element's property (the attribute is hidden once the page is parsed).
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
// A modal's scroll lock writes its own <style> (react-remove-scroll, through react-style-singleton): the same nonce.
if (styleNonce) setNonce(styleNonce);

/** Light or dark, as the user last chose on this device. */
const colorSchemeManager = localStorageColorSchemeManager({ key: 'griot.colorScheme' });

// The first page is drawn in the user's language, its words fetched first if not French. Not a
// top-level await: the bundler would then move the modules the pages share out of this file, into
// more files to fetch before the first page.
void setupI18n().then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" colorSchemeManager={colorSchemeManager} getStyleNonce={() => styleNonce as string}>
        <ModalsProvider>
          <Notifications position="bottom-right" />
          <App />
        </ModalsProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
