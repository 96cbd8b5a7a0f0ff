import { Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';

/** Any user changes their own password. */
export function OwnPasswordPage() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="xl" maw={480}>
      <Title order={3}>{t('admin.password.title')}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('admin.password.subtitle')}
      </Text>
      <PasswordChangeForm onChanged={() => notifications.show({ color: 'teal', message: t('admin.password.changed') })} />
    </Paper>
  );
}
