import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { GriotLogo } from '../app/GriotLogo.tsx';
import { UiLanguageMenu } from '../app/UiLanguageMenu.tsx';
import { signOut } from '../app/signOut.ts';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';

/**
 * What a user signed in with a printed or reset password sees, and all they see, until they
 * choose their own: the server refuses them everything else anyway.
 */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" className="login-page forced-password-change">
      <Stack align="center" gap="lg" w={420}>
        <GriotLogo size={40} />
        <Paper withBorder shadow="md" radius="md" p="xl" w="100%">
          <Stack>
            <div>
              <Title order={3}>{t('admin.password.forcedTitle')}</Title>
              <Text size="sm" c="dimmed">
                {t('admin.password.forcedExplain')}
              </Text>
            </div>
            <PasswordChangeForm
              offerToKeepTokens={false}
              onChanged={({ tokensRevoked }) =>
                notifications.show({ color: 'teal', message: tokensRevoked > 0 ? t('admin.password.changedTokens', { count: tokensRevoked }) : t('admin.password.changed') })
              }
            />
            <Button variant="subtle" color="gray" onClick={() => void signOut()}>
              {t('admin.password.logout')}
            </Button>
          </Stack>
        </Paper>
        <UiLanguageMenu />
      </Stack>
    </Center>
  );
}
