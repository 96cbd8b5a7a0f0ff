import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';
import { agentApi } from '../api/agentApi.ts';
import { adminApi, type AdminUser } from './adminApi.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { RolesField } from './RolesField.tsx';
import { codeOf, useApiErrorText } from './useApiErrorText.ts';

const USERNAME = /^[a-zA-Z0-9._@-]{2,64}$/;

/**
 * A new account: username, display name, roles (an agent's queues with them: ticked, or « every
 * queue » chosen knowingly, since that includes the other lines' queues), and a password either made up by the server (shown here once,
 * to change at first sign-in) or typed by the admin.
 */
export function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(user: AdminUser): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [known, setKnown] = useState<string[]>([]);
  const [queues, setQueues] = useState<string[]>([]);
  const [everyQueue, setEveryQueue] = useState(false);
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<(AdminUser & { password?: string }) | null>(null);

  useEffect(() => {
    if (!opened) return;
    setUsername('');
    setDisplayName('');
    setRoles([]);
    setQueues([]);
    setEveryQueue(false);
    agentApi.transferQueues().then(
      (answer) => setKnown(answer.queues),
      // Without the list, the queues are assigned later from the users page.
      () => setKnown([]),
    );
    setMode('generate');
    setPassword('');
    setMustChange(true);
    setErrors({});
    setCreated(null);
  }, [opened]);

  // Supervisors and admins answer every queue: only an agent's are assigned.
  const limitedAgent = roles.includes('agent') && !roles.includes('supervisor') && !roles.includes('admin');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!USERNAME.test(username.trim())) found.username = t('admin.users.usernameInvalid');
    if (roles.length === 0) found.roles = t('admin.users.rolesRequired');
    if (mode === 'type' && password.length < 10) found.password = t('admin.users.tooShort');
    // An agent with no queue answers every queue, another line's too: only when the admin says so.
    if (limitedAgent && known.length > 0 && queues.length === 0 && !everyQueue) found.queues = t('admin.users.newQueuesRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const user = await adminApi.createUser({
        username: username.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        roles,
        ...(limitedAgent && queues.length > 0 && !everyQueue ? { queues } : {}),
        ...(mode === 'type' ? { password, mustChangePassword: mustChange } : {}),
      });
      onCreated(user);
      if (user.password) setCreated(user);
      else onClose();
    } catch (error) {
      setErrors(codeOf(error) === 'username_taken' ? { username: errorText(error) } : { form: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const name = created?.displayName ?? '';
  return (
    <Modal opened={opened} onClose={onClose} title={created ? t('admin.users.passwordOf', { name }) : t('admin.users.new')} size="lg" centered>
      {created?.password ? (
        <Stack>
          <OneTimeSecret label={t('admin.oneTime.passwordLabel', { name: created.username })} value={created.password} />
          <Text size="sm" c="dimmed">
            {t('admin.users.mustChangeGenerated')}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('admin.oneTime.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="create-user-form" noValidate>
          <Stack>
            {errors.form && (
              <Alert color="red" variant="light" role="alert">
                {errors.form}
              </Alert>
            )}
            <Group grow align="flex-start">
              <TextInput
                label={t('admin.users.username')}
                description={t('admin.users.usernameHelp')}
                name="username"
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={errors.username}
                required
                data-autofocus
              />
              <TextInput label={t('admin.users.displayName')} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
            </Group>
            <RolesField value={roles} onChange={setRoles} error={errors.roles} />
            {limitedAgent && known.length > 0 && (
              <Stack gap={6} data-testid="new-user-queues">
                <Checkbox.Group
                  label={t('admin.users.newQueues')}
                  description={t('admin.users.newQueuesHelp')}
                  value={everyQueue ? [] : queues}
                  onChange={(chosen) => {
                    setQueues(chosen);
                    if (chosen.length > 0) setEveryQueue(false);
                  }}
                  error={errors.queues}
                  withAsterisk
                >
                  <Group gap="md" mt={6}>
                    {known.map((queue) => (
                      <Checkbox key={queue} value={queue} label={queue} />
                    ))}
                  </Group>
                </Checkbox.Group>
                <Checkbox
                  label={t('admin.users.newQueuesEvery')}
                  checked={everyQueue}
                  onChange={(e) => {
                    setEveryQueue(e.currentTarget.checked);
                    if (e.currentTarget.checked) setQueues([]);
                  }}
                />
              </Stack>
            )}
            <div>
              <Text size="sm" fw={500} mb={4} id="password-mode-label">
                {t('admin.users.passwordMode')}
              </Text>
              <SegmentedControl
                aria-labelledby="password-mode-label"
                value={mode}
                onChange={(v) => setMode(v as 'generate' | 'type')}
                data={[
                  { value: 'generate', label: t('admin.users.passwordGenerate') },
                  { value: 'type', label: t('admin.users.passwordType') },
                ]}
              />
            </div>
            {mode === 'type' ? (
              <Group grow align="flex-end">
                <PasswordInput
                  label={t('admin.users.password')}
                  name="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={errors.password}
                  required
                />
                <Checkbox label={t('admin.users.mustChangeOption')} checked={mustChange} onChange={(e) => setMustChange(e.currentTarget.checked)} mb={8} />
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('admin.users.mustChangeGenerated')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('admin.users.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
