import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';
import { adminApi, type AdminUser } from './adminApi.ts';
import { RolesField } from './RolesField.tsx';
import { useApiErrorText } from './useApiErrorText.ts';

/** Changes a user's roles; the server refuses to leave no active admin (409 `last_admin`, shown translated). */
export function EditRolesModal({ user, onClose, onSaved }: { user: AdminUser | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setRoles(user?.roles ?? []);
    setError(null);
  }, [user]);
  if (!user) return null;

  const save = async () => {
    if (roles.length === 0) return setError(t('admin.users.rolesRequired'));
    setBusy(true);
    try {
      await adminApi.updateUser(user.id, { roles });
      notifications.show({ color: 'teal', message: t('admin.users.saved', { name: user.displayName }) });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('admin.users.editRolesTitle', { name: user.displayName })} size="lg" centered>
      <Stack>
        {error && (
          <Alert color="red" variant="light" role="alert" data-testid="roles-error">
            {error}
          </Alert>
        )}
        <RolesField value={roles} onChange={setRoles} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
