import { Suspense, useEffect, type ReactNode } from 'react';
import { Center, Loader, Stack, Text, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/authApi.ts';
import { setUnauthorizedHandler } from '../api/client.ts';
import { userPresence } from '../api/userPresence.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { ForcedPasswordChange } from '../admin/ForcedPasswordChange.tsx';
import { navigate, parseRoute, usePathname } from './router.ts';
import { can, sessionStore, useUser } from './sessionStore.ts';
import { homePath } from './roles.ts';
import { watchDeviceTraces } from './deviceTraces.ts';
import { NotAllowedPage } from './NotAllowedPage.tsx';
import { Redirect } from './Redirect.tsx';
import { lazyPage, PageCodeBoundary, PageLoading, PageStatusRegion } from './pageLoading.tsx';

// Each page's code comes when it is first shown: the sign-in page, the agents' inbox and the
// wallboard never download the flow editor (the canvas, the inspector, the simulator's interpreter),
// and the editor does not wait for the admin pages.
const FlowListPage = lazyPage(() => import('../flowList/FlowListPage.tsx').then((m) => m.FlowListPage));
const EditorPage = lazyPage(() => import('../editor/EditorPage.tsx').then((m) => m.EditorPage));
const AdminPage = lazyPage(() => import('../admin/AdminPage.tsx').then((m) => m.AdminPage));
const AgentWorkspace = lazyPage(() => import('../inbox/AgentWorkspace.tsx').then((m) => m.AgentWorkspace));
const WallScreen = lazyPage(() => import('../inbox/wallboard/WallScreen.tsx').then((m) => m.WallScreen));

/** Signed in or not, then the page the address names, if the user's roles allow it. */
export function App() {
  const user = useUser();
  const pathname = usePathname();
  useEffect(() => {
    setUnauthorizedHandler(() => sessionStore.getState().sessionEnded());
    const stopTraces = watchDeviceTraces(sessionStore);
    authApi.session().then(
      (u) => sessionStore.getState().setUser(u),
      () => sessionStore.getState().setUser(null),
    );
    // Someone reading without a request of their own (an agent following a conversation) is there:
    // told to the server every few minutes; a session it ended meanwhile is said at once.
    const stopPresence = userPresence.watch(window, () => {
      if (!sessionStore.getState().user) return;
      authApi.session().then(
        (u) => {
          if (!u && sessionStore.getState().user) sessionStore.getState().sessionEnded();
        },
        () => undefined,
      );
    });
    return () => {
      stopPresence();
      stopTraces();
    };
  }, []);
  if (user === undefined) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (user === null) return <LoginPage />;
  if (user.mustChangePassword) return <ForcedPasswordChange />;
  return (
    <>
      <PageStatusRegion />
      <PageCodeBoundary path={pathname}>
        <Suspense fallback={<PageLoading />}>{pageAt(pathname, user)}</Suspense>
      </PageCodeBoundary>
    </>
  );
}

/** The page the address names, if the user's roles allow it. */
function pageAt(pathname: string, user: NonNullable<ReturnType<typeof useUser>>): ReactNode {
  const route = parseRoute(pathname);
  const home = homePath(user);
  switch (route.name) {
    case 'home':
      if (home === null) return <NotAllowedPage required={[]} />;
      return home === '/' ? <FlowListPage /> : <Redirect to={home} />;
    case 'flows':
      return can.readFlows(user) ? <FlowListPage /> : <NotAllowedPage required={['viewer']} />;
    case 'editor':
      return can.readFlows(user) ? <EditorPage key={route.flowId} flowId={route.flowId} /> : <NotAllowedPage required={['viewer']} />;
    case 'admin':
      return <AdminPage screen={route.screen} />;
    case 'inbox':
      // One workspace for both views: the live connection stays open from one to the other.
      return can.work(user) ? <AgentWorkspace view="inbox" contactId={route.contactId} /> : <NotAllowedPage required={['agent', 'supervisor']} />;
    case 'supervision':
      return can.supervise(user) ? <AgentWorkspace view="supervision" /> : <NotAllowedPage required={['supervisor']} />;
    case 'wallboard':
      return can.supervise(user) ? <WallScreen /> : <NotAllowedPage required={['supervisor']} />;
    default:
      return <PageNotFound />;
  }
}

function PageNotFound() {
  const { t } = useTranslation();
  return (
    <Center h="100vh">
      <Stack align="center">
        <Text>{t('app.notFound')}</Text>
        <Button onClick={() => navigate('/')}>{t('shell.goHome')}</Button>
      </Stack>
    </Center>
  );
}
