import { Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';

/** Any user changes their own password; their API tokens are revoked with it unless they opt out. */
export function OwnPasswordPage() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="xl" maw={480}>
      <Title order={3}>{t('admin.password.title')}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('admin.password.subtitle')}
      </Text>
      <PasswordChangeForm
        onChanged={({ tokensRevoked }) => notifications.show({ color: 'teal', message: tokensRevoked > 0 ? t('admin.password.changedTokens', { count: tokensRevoked }) : t('admin.password.changed') })}
      />
    </Paper>
  );
}
