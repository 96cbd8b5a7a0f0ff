import { AppShell, Button, Center, Paper, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';
import { AppHeader } from './AppHeader.tsx';
import { navigate } from './router.ts';

/** A page the user's roles do not open (or an account with no role at all), with the way back. */
export function NotAllowedPage({ required }: { required: Role[] }) {
  const { t } = useTranslation();
  const roles = required.map((r) => t(`roles.${r}`)).join(t('apiErrorWords.or'));
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main>
        <Center mih="60vh">
          <Paper withBorder p="xl" radius="md" maw={480}>
            <Stack align="center" gap="md">
              <IconLock size={32} />
              <Text ta="center" role="alert">
                {required.length ? t('shell.notAllowed', { required: roles }) : t('shell.noRole')}
              </Text>
              {required.length > 0 && <Button onClick={() => navigate('/')}>{t('shell.goHome')}</Button>}
            </Stack>
          </Paper>
        </Center>
      </AppShell.Main>
    </AppShell>
  );
}
