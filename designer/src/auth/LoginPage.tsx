import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconClockExclamation } from '@tabler/icons-react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/authApi.ts';
import { ApiError } from '../api/client.ts';
import { sessionStore } from '../app/sessionStore.ts';
import { GriotLogo } from '../app/GriotLogo.tsx';
import { UiLanguageMenu } from '../app/UiLanguageMenu.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  // Signed out by the server while working: the page says so, and asks only for the password.
  const expired = useStore(sessionStore, (s) => s.expired);
  const [username, setUsername] = useState(expired ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      sessionStore.getState().setUser(await authApi.login(username, password));
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 400) ? t('login.wrong') : t('login.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" className="login-page">
      <Stack align="center" gap="lg" w={380}>
        <GriotLogo size={40} />
        <Paper withBorder shadow="md" radius="md" p="xl" w="100%">
          <form onSubmit={(e) => void submit(e)}>
            <Stack>
              <div>
                <Title order={3}>{t('login.title')}</Title>
                <Text size="sm" c="dimmed">
                  {t('login.subtitle')}
                </Text>
              </div>
              {expired && !error && (
                <Alert color="yellow" icon={<IconClockExclamation size={16} />} variant="light" title={t('login.expiredTitle')} data-notice="session-expired">
                  {t('login.expired')}
                </Alert>
              )}
              {error && (
                <Alert color="red" icon={<IconAlertCircle size={16} />} variant="light">
                  {error}
                </Alert>
              )}
              <TextInput label={t('login.username')} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoFocus={!expired} />
              <PasswordInput
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                required
                autoFocus={Boolean(expired)}
              />
              <Button type="submit" loading={busy} fullWidth>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <UiLanguageMenu />
      </Stack>
    </Center>
  );
}
