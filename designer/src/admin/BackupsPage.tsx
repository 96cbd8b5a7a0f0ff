import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Code, Group, Loader, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDatabaseExport, IconDownload, IconLockOpen } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { auditApi, type BackupView } from './auditApi.ts';
import { useApiErrorText } from './useApiErrorText.ts';
import { backupContentsLine } from './backupContentsLine.ts';

const size = (bytes: number, language: string) => {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(language, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
};

/** The server's backups for admins: list, back up now, download; restore stays a command, shown here. */
export function BackupsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useApiErrorText();
  const [backups, setBackups] = useState<BackupView[] | null>(null);
  const [restoreCommand, setRestoreCommand] = useState('npx griot restore <file>');
  // GRIOT_BACKUP_CRON; null: backups on demand only.
  const [schedule, setSchedule] = useState<string | null | undefined>(undefined);
  const [notConfigured, setNotConfigured] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const load = useCallback(() => {
    auditApi.backups().then(
      (answer) => {
        setBackups(answer.backups);
        setRestoreCommand(answer.restoreCommand);
        setSchedule(answer.schedule);
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'backups_not_configured') setNotConfigured(true);
        else setError(errorText(e));
      },
    );
  }, [errorText]);
  useEffect(load, [load]);

  const backUpNow = () => {
    setRunning(true);
    auditApi
      .backUpNow()
      .then(
        (made) => {
          notifications.show({ color: 'teal', message: t('admin.backups.made', { name: made.name }) });
          load();
        },
        (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) }),
      )
      .finally(() => setRunning(false));
  };

  const unencrypted = backups?.some((b) => !b.encrypted) ?? false;
  return (
    <div className="backups-page">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={3}>{t('admin.backups.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('admin.backups.subtitle')}
          </Text>
        </div>
        {!notConfigured && (
          <Button leftSection={<IconDatabaseExport size={16} />} onClick={backUpNow} loading={running} disabled={running}>
            {t(running ? 'admin.backups.running' : 'admin.backups.now')}
          </Button>
        )}
      </Group>
      {notConfigured && (
        <Alert color="orange" mb="md" data-backups-not-configured>
          {t('admin.backups.notConfigured')}
        </Alert>
      )}
      {schedule !== undefined && (
        <Text size="sm" mb="md" data-backups-schedule={schedule ?? 'none'}>
          {schedule === null ? t('admin.backups.noSchedule') : t('admin.backups.schedule', { cron: schedule })}
        </Text>
      )}
      {error && <Alert color="red">{error}</Alert>}
      {!backups && !error && !notConfigured && <Loader />}
      {unencrypted && (
        <Alert color="orange" icon={<IconLockOpen size={18} />} mb="md" data-backups-unencrypted>
          {t('admin.backups.notEncryptedWarning')}
        </Alert>
      )}
      {backups && backups.length === 0 && (
        <Paper withBorder p="xl" radius="md" ta="center" mb="md">
          <Text c="dimmed">{t('admin.backups.empty')}</Text>
        </Paper>
      )}
      {backups && backups.length > 0 && (
        <Paper withBorder radius="md" mb="md">
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.backups.at')}</Table.Th>
                <Table.Th>{t('admin.backups.size')}</Table.Th>
                <Table.Th>{t('admin.backups.contents')}</Table.Th>
                <Table.Th w={150}>{t('admin.backups.encryption')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {backups.map((backup) => (
                <Table.Tr key={backup.name} data-backup-name={backup.name}>
                  <Table.Td>
                    <Text size="sm">{new Date(backup.at).toLocaleString(i18n.language)}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {backup.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{size(backup.bytes, i18n.language)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={backup.contents ? undefined : 'dimmed'}>
                      {backup.contents ? backupContentsLine(t, backup.contents) : t('admin.backups.contentsUnknown')}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge styles={{ label: { overflow: 'visible' } }} color={backup.encrypted ? 'teal' : 'orange'} variant="light">
                      {t(backup.encrypted ? 'admin.backups.encrypted' : 'admin.backups.notEncrypted')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={t('admin.backups.download')} withArrow>
                      <ActionIcon component="a" href={auditApi.downloadUrl(backup.name)} download={backup.name} variant="subtle" aria-label={t('admin.backups.downloadLabel', { name: backup.name })}>
                        <IconDownload size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {!notConfigured && (
        <Text size="xs" c="dimmed" mb="md">
          {t('admin.backups.keepNote')}
        </Text>
      )}
      <Paper withBorder radius="md" p="md">
        <Title order={5} mb="xs">
          {t('admin.backups.restoreTitle')}
        </Title>
        <Text size="sm" mb="xs">
          {t('admin.backups.restoreExplain')}
        </Text>
        <Code block data-restore-command>
          {restoreCommand}
        </Code>
      </Paper>
    </div>
  );
}
