import { useEffect } from 'react';
import { Center, Loader, Stack, Text, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/authApi.ts';
import { setUnauthorizedHandler } from '../api/client.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { FlowListPage } from '../flowList/FlowListPage.tsx';
import { EditorPage } from '../editor/EditorPage.tsx';
import { AdminPage } from '../admin/AdminPage.tsx';
import { ForcedPasswordChange } from '../admin/ForcedPasswordChange.tsx';
import { navigate, parseRoute, usePathname } from './router.ts';
import { sessionStore, useUser } from './sessionStore.ts';

/** Signed in or not, then the page the address names. */
export function App() {
  const { t } = useTranslation();
  const user = useUser();
  const pathname = usePathname();
  useEffect(() => {
    setUnauthorizedHandler(() => sessionStore.getState().setUser(null));
    authApi.me().then(
      (u) => sessionStore.getState().setUser(u),
      () => sessionStore.getState().setUser(null),
    );
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
  const route = parseRoute(pathname);
  if (route.name === 'admin') return <AdminPage screen={route.screen} />;
  if (route.name === 'editor') return <EditorPage key={route.flowId} flowId={route.flowId} />;
  if (route.name === 'flows') return <FlowListPage />;
  return (
    <Center h="100vh">
      <Stack align="center">
        <Text>{t('app.notFound')}</Text>
        <Button onClick={() => navigate('/')}>{t('editor.backToFlows')}</Button>
      </Stack>
    </Center>
  );
}
