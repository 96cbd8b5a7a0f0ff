import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { adminApi, type AdminUser } from './adminApi.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { useApiErrorText } from './useApiErrorText.ts';

/** Asks, then gives the user a new password made up by the server and shows it once. */
export function ResetPasswordModal({ user, onClose, onReset }: { user: AdminUser | null; onClose(): void; onReset(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setPassword(null);
    setError(null);
  }, [user]);
  if (!user) return null;

  const reset = async () => {
    setBusy(true);
    try {
      setPassword((await adminApi.resetPassword(user.id)).password);
      onReset();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('admin.users.resetTitle', { name: user.displayName })} size="lg" centered>
      {password ? (
        <Stack>
          <OneTimeSecret label={t('admin.oneTime.passwordLabel', { name: user.username })} value={password} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.oneTime.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Text size="sm">{t('admin.users.resetExplain', { name: user.displayName })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button color="orange" loading={busy} onClick={() => void reset()}>
              {t('admin.users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
