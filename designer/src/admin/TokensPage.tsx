import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Loader, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useUser } from '../app/sessionStore.ts';
import { adminApi, type ApiTokenView } from './adminApi.ts';
import { CreateTokenModal } from './CreateTokenModal.tsx';
import { useApiErrorText } from './useApiErrorText.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** One's API tokens (an admin sees everyone's, with their owner): create one, shown once; revoke. */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const errorText = useApiErrorText();
  const admin = !!user?.roles.includes('admin');
  const [tokens, setTokens] = useState<ApiTokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    adminApi.tokens().then(setTokens, (e: unknown) => setError(errorText(e)));
  }, [errorText]);
  useEffect(load, [load]);

  const revoke = (token: ApiTokenView) =>
    modals.openConfirmModal({
      title: t('admin.tokens.revokeTitle', { name: token.name }),
      children: <Text size="sm">{t('admin.tokens.revokeExplain')}</Text>,
      labels: { confirm: t('admin.tokens.revoke'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void adminApi.revokeToken(token.id).then(
          () => {
            notifications.show({ color: 'teal', message: t('admin.tokens.revoked', { name: token.name }) });
            load();
          },
          (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) }),
        ),
    });

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const now = new Date().toISOString();
  return (
    <div className="tokens-page">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={3}>{t('admin.tokens.title')}</Title>
          <Text c="dimmed" size="sm">
            {t(admin ? 'admin.tokens.subtitleAdmin' : 'admin.tokens.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('admin.tokens.new')}
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {!tokens && !error && <Loader />}
      {tokens && tokens.length === 0 && (
        <Paper withBorder p="xl" radius="md" ta="center">
          <Text c="dimmed">{t('admin.tokens.empty')}</Text>
        </Paper>
      )}
      {tokens && tokens.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.tokens.name')}</Table.Th>
                {admin && <Table.Th>{t('admin.tokens.owner')}</Table.Th>}
                <Table.Th>{t('admin.tokens.createdAt')}</Table.Th>
                <Table.Th title={t('admin.tokens.lastUsedHelp')}>{t('admin.tokens.lastUsedAt')}</Table.Th>
                <Table.Th>{t('admin.tokens.expiresAt')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((token) => (
                <Table.Tr key={token.id} data-token-name={token.name}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      <Bdi>{token.name}</Bdi>
                    </Text>
                  </Table.Td>
                  {admin && (
                    <Table.Td>
                      <Text size="sm">{token.username ?? t('admin.tokens.unknownOwner')}</Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {when(token.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td data-token-last-used={token.lastUsedAt ?? 'never'}>
                    <Text size="sm" c="dimmed">
                      {token.lastUsedAt ? when(token.lastUsedAt) : t('admin.tokens.neverUsed')}
                    </Text>
                  </Table.Td>
                  <Table.Td data-token-expiry={token.expiresAt ?? 'never'}>
                    {token.expiresAt === null ? (
                      <Text size="sm" c="orange">
                        {t('admin.tokens.never')}
                      </Text>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" c="dimmed">
                          {when(token.expiresAt)}
                        </Text>
                        {token.expiresAt <= now && (
                          <Badge color="red" variant="light" size="sm">
                            {t('admin.tokens.expired')}
                          </Badge>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={t('admin.tokens.revoke')} withArrow>
                      <ActionIcon variant="subtle" color="red" aria-label={t('admin.tokens.revokeLabel', { name: token.name })} onClick={() => revoke(token)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} onCreated={load} />
    </div>
  );
}
