import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { adminApi } from './adminApi.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { useApiErrorText } from './useApiErrorText.ts';

/** Names a new token, then shows it once with a copy button. */
export function CreateTokenModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setName('');
    setCreated(null);
    setError(null);
    setNameError(null);
  }, [opened]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNameError(name.trim() ? null : t('admin.errors.required'));
    if (!name.trim()) return;
    setBusy(true);
    try {
      const token = await adminApi.createToken(name.trim());
      setCreated({ name: token.name, token: token.token });
      onCreated();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={created ? t('admin.tokens.createdTitle', { name: created.name }) : t('admin.tokens.new')} size="lg" centered>
      {created ? (
        <Stack>
          <OneTimeSecret label={t('admin.oneTime.tokenLabel', { name: created.name })} value={created.token} note={t('admin.tokens.usage')} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.oneTime.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('admin.tokens.name')}
              description={t('admin.tokens.nameHelp')}
              name="tokenName"
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              required
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('admin.tokens.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
