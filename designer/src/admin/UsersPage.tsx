import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Loader, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconDots, IconDoorExit, IconKey, IconListCheck, IconPlus, IconShieldCheck, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useUser } from '../app/sessionStore.ts';
import { adminApi, type AdminUser } from './adminApi.ts';
import { CreateUserModal } from './CreateUserModal.tsx';
import { EditRolesModal } from './EditRolesModal.tsx';
import { EditQueuesModal } from './EditQueuesModal.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { useApiErrorText } from './useApiErrorText.ts';
import { limitedAgent, unansweredQueues } from './unansweredQueues.ts';
import { agentApi } from '../api/agentApi.ts';
import { isolate } from '../i18n/isolate.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** The admin's list of accounts: create, change roles, assign queues, reset a password, disable or enable. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const errorText = useApiErrorText();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [assigning, setAssigning] = useState<AdminUser | null>(null);
  // Agents none were assigned to yet (an install from before assignments) still see every queue: said until assigned.
  const unassigned = (users ?? []).filter((u) => limitedAgent(u) && !u.disabled && u.queues === null);
  // The queues Griot knows (configured, named by a published flow) and those with contacts now: which no agent answers.
  const [queues, setQueues] = useState<string[]>([]);
  const unanswered = unansweredQueues(users ?? [], queues);

  const load = useCallback(() => {
    adminApi.users().then(setUsers, (e: unknown) => setError(errorText(e)));
    // Only a warning: the page works without it.
    Promise.all([agentApi.transferQueues(), agentApi.queues()]).then(
      ([known, board]) => setQueues([...known.queues, ...board.filter((q) => q.contacts.length > 0).map((q) => q.queue)]),
      () => setQueues([]),
    );
  }, [errorText]);
  useEffect(load, [load]);

  const setDisabled = async (user: AdminUser, disabled: boolean, requeue = false) => {
    try {
      await adminApi.updateUser(user.id, { disabled });
      notifications.show({ color: 'teal', message: t(disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name: user.displayName }) });
      if (requeue) {
        const { requeued, failed } = await adminApi.requeueContacts(user.id);
        notifications.show({
          color: failed.length ? 'orange' : 'teal',
          message: t('admin.users.requeuedDone', { count: requeued.length, name: user.displayName }) + (failed.length ? ` ${t('admin.users.requeueFailed', { count: failed.length })}` : ''),
        });
      }
      load();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) });
    }
  };

  // Disabling cannot be undone entirely (the user's API tokens are revoked): asked first. The
  // contacts they still hold are counted, and by default put back in their queue for someone else.
  const confirmDisable = async (user: AdminUser) => {
    const open = await adminApi.openContacts(user.id).then(
      (answer) => answer.contacts,
      () => [],
    );
    const choice = { requeue: open.length > 0 };
    modals.openConfirmModal({
      title: t('admin.users.disableTitle', { name: user.displayName }),
      children: (
        <Stack gap="sm">
          <Text size="sm">{t('admin.users.disableExplain', { name: user.displayName })}</Text>
          {open.length > 0 && (
            <Alert color="orange" p="xs" data-open-contacts={open.length}>
              <Text size="sm" mb={6}>
                {t('admin.users.openContacts', { count: open.length, name: user.displayName, queues: [...new Set(open.map((c) => c.queue))].map(isolate).join(', ') })}
              </Text>
              <Checkbox
                defaultChecked
                label={t('admin.users.requeue', { count: open.length })}
                onChange={(e) => {
                  choice.requeue = e.currentTarget.checked;
                }}
              />
            </Alert>
          )}
        </Stack>
      ),
      labels: { confirm: t('admin.users.disable'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => void setDisabled(user, true, choice.requeue),
    });
  };

  // Kofi's laptop was stolen: his sessions end everywhere, his account stays usable with his password.
  const confirmEndSessions = (user: AdminUser) => {
    const choice = { revokeApiTokens: false };
    modals.openConfirmModal({
      title: t('admin.users.endSessionsTitle', { name: user.displayName }),
      children: (
        <Stack gap="sm">
          <Text size="sm">{t('admin.users.endSessionsExplain', { name: user.displayName })}</Text>
          <Alert color="yellow" variant="light" icon={<IconKey size={16} />} data-notice="stolen-laptop">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('admin.users.endSessionsStolen')}</Text>
              <Button
                size="xs"
                variant="light"
                color="yellow"
                onClick={() => {
                  modals.closeAll();
                  setResetting(user);
                }}
              >
                {t('admin.users.resetPassword')}
              </Button>
            </Stack>
          </Alert>
          <Checkbox
            label={t('admin.users.endSessionsTokens')}
            onChange={(e) => {
              choice.revokeApiTokens = e.currentTarget.checked;
            }}
          />
        </Stack>
      ),
      labels: { confirm: t('admin.users.endSessionsSubmit'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void adminApi.endSessions(user.id, choice.revokeApiTokens).then(
          (ended) =>
            notifications.show({
              color: 'teal',
              message: t('admin.users.endSessionsDone', {
                name: user.displayName,
                sessions: t('admin.users.sessionsClosed', { count: ended.sessionsEnded }),
                tokens: t('admin.users.tokensRevoked', { count: ended.tokensRevoked }),
              }),
            }),
          (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) }),
        ),
    });
  };

  return (
    <div className="users-page">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={3}>{t('admin.users.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('admin.users.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('admin.users.new')}
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {unassigned.length > 0 && (
        <Alert color="orange" variant="light" mb="md" title={t('admin.users.unassignedTitle')} data-testid="unassigned-agents">
          {t('admin.users.unassigned', { count: unassigned.length, names: unassigned.map((u) => isolate(u.displayName)).join(', ') })}
        </Alert>
      )}
      {unanswered.length > 0 && (
        <Alert color="red" variant="light" mb="md" title={t('admin.users.unansweredTitle')} data-testid="unanswered-queues">
          <Stack gap={4}>
            {unanswered.map((queue) => (
              <Text key={queue} size="sm" fw={500} data-queue={queue}>
                {t('admin.users.unanswered', { queue })}
              </Text>
            ))}
            <Text size="sm">{t('admin.users.unansweredHelp')}</Text>
          </Stack>
        </Alert>
      )}
      {!users && !error && <Loader />}
      {users && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.displayName')}</Table.Th>
                <Table.Th>{t('admin.users.roles')}</Table.Th>
                <Table.Th>{t('admin.users.queues')}</Table.Th>
                <Table.Th>{t('admin.users.status')}</Table.Th>
                <Table.Th>{t('admin.users.created')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((user) => {
                const self = user.id === me?.id;
                return (
                  <Table.Tr key={user.id} data-username={user.username}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        <Bdi>{user.displayName}</Bdi>{' '}
                        {self && (
                          <Text span c="dimmed" size="xs">
                            ({t('admin.users.you')})
                          </Text>
                        )}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        <Bdi>{user.username}</Bdi>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {user.roles.map((r) => (
                          <Badge key={r} size="sm" variant="light" color={r === 'admin' ? 'red' : 'indigo'}>
                            {t(`roles.${r}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td data-testid="user-queues">
                      {/* A disabled account sees no queue: « Toutes les files » (a warning for an active agent) would say otherwise. */}
                      {(!user.roles.includes('agent') && !user.roles.includes('supervisor')) || (user.disabled && user.queues === null) ? null : !limitedAgent(user) ? (
                        <Text size="sm" c="dimmed">
                          {t('admin.users.supervisorQueues')}
                        </Text>
                      ) : user.queues === null ? (
                        <Badge color="orange" variant="light" size="sm">
                          {t('admin.users.everyQueue')}
                        </Badge>
                      ) : user.queues.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('admin.users.noQueue')}
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {user.queues.map((queue) => (
                            <Badge key={queue} size="sm" variant="outline" color="gray" tt="none">
                              <Bdi>{queue}</Bdi>
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {user.disabled ? (
                          <Badge color="gray" variant="filled" size="sm">
                            {t('admin.users.disabled')}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="light" size="sm">
                            {t('admin.users.active')}
                          </Badge>
                        )}
                        {/* Nobody signs in to a disabled account: no password to change there until it is enabled again. */}
                        {user.mustChangePassword && !user.disabled && (
                          <Badge color="orange" variant="light" size="sm">
                            {t('admin.users.mustChange')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {new Date(user.createdAt).toLocaleDateString(i18n.language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('admin.users.actions', { name: user.displayName })}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconShieldCheck size={14} />} onClick={() => setEditing(user)}>
                            {t('admin.users.editRoles')}
                          </Menu.Item>
                          {limitedAgent(user) && (
                            <Menu.Item leftSection={<IconListCheck size={14} />} onClick={() => setAssigning(user)}>
                              {t('admin.users.editQueues')}
                            </Menu.Item>
                          )}
                          {!self && !user.disabled && (
                            <Menu.Item leftSection={<IconDoorExit size={14} />} data-action="end-sessions" onClick={() => confirmEndSessions(user)}>
                              {t('admin.users.endSessions')}
                            </Menu.Item>
                          )}
                          {!self && (
                            <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setResetting(user)}>
                              {t('admin.users.resetPassword')}
                            </Menu.Item>
                          )}
                          {!self &&
                            (user.disabled ? (
                              <Menu.Item leftSection={<IconUserCheck size={14} />} onClick={() => void setDisabled(user, false)}>
                                {t('admin.users.enable')}
                              </Menu.Item>
                            ) : (
                              <Menu.Item color="red" leftSection={<IconUserOff size={14} />} onClick={() => void confirmDisable(user)}>
                                {t('admin.users.disable')}
                              </Menu.Item>
                            ))}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          notifications.show({ color: 'teal', message: t('admin.users.createdDone', { name: user.displayName }) });
          load();
        }}
      />
      <EditRolesModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          load();
        }}
      />
      <EditQueuesModal
        user={assigning}
        onClose={() => setAssigning(null)}
        onSaved={() => {
          setAssigning(null);
          load();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} onReset={load} />
    </div>
  );
}
