import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { adminApi } from './adminApi.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { useApiErrorText } from './useApiErrorText.ts';

/** How long a new token may work, in days; `never` is offered last, and never preselected. */
const EXPIRIES = ['30', '90', '365', 'never'] as const;
/** The server's default (DEFAULT_TOKEN_DAYS): a quarter. */
const DEFAULT_EXPIRY = '90';

/** Names a new token and says how long it works, then shows it once with a copy button. */
export function CreateTokenModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(): void }) {
  const { t, i18n } = useTranslation();
  const errorText = useApiErrorText();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>(DEFAULT_EXPIRY);
  const [created, setCreated] = useState<{ name: string; token: string; expiresAt: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setName('');
    setExpiry(DEFAULT_EXPIRY);
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
      const token = await adminApi.createToken(name.trim(), expiry === 'never' ? null : Number(expiry));
      setCreated({ name: token.name, token: token.token, expiresAt: token.expiresAt });
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
          <Text size="sm" data-testid="token-expiry" c={created.expiresAt ? undefined : 'orange'}>
            {created.expiresAt ? t('admin.tokens.expiresOn', { date: new Date(created.expiresAt).toLocaleDateString(i18n.language, { dateStyle: 'long' }) }) : t('admin.tokens.neverExpires')}
          </Text>
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
            <NativeSelect
              label={t('admin.tokens.expiry')}
              description={t('admin.tokens.expiryHelp')}
              name="tokenExpiry"
              value={expiry}
              onChange={(e) => setExpiry(e.currentTarget.value)}
              data={EXPIRIES.map((value) => ({
                value,
                label: value === 'never' ? t('admin.tokens.expiryNever') : value === '365' ? t('admin.tokens.expiryYear') : t('admin.tokens.expiryDays', { count: Number(value) }),
              }))}
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
