import { useCallback, useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Anchor, AppShell, Badge, Button, Container, FileButton, Group, Loader, Menu, Paper, Select, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconArchive, IconCopy, IconDots, IconDownload, IconFileImport, IconFolder, IconFolderSymlink, IconPlus, IconSearch } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { EnvironmentPointer, FlowSummary } from '../api/types.ts';
import { editorPath, navigate } from '../app/router.ts';
import { can, useUser } from '../app/sessionStore.ts';
import { AppHeader } from '../app/AppHeader.tsx';
import { CreateFlowModal } from './CreateFlowModal.tsx';
import { DeleteFlowModal } from './DeleteFlowModal.tsx';
import { ArchivedFlowsPanel } from './ArchivedFlowsPanel.tsx';
import { downloadJson, importFlowFile } from './flowFiles.ts';
import { DuplicateFlowModal, menuTargetOf, type DuplicateSource } from './DuplicateFlowModal.tsx';
import { filterFlows, foldersOf, type FolderFilter } from './filterFlows.ts';
import { MoveToFolderModal } from './MoveToFolderModal.tsx';
import { isolate } from '../i18n/isolate.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** The folder filter is remembered on this device: people work in their own corner of the list. */
const FOLDER_KEY = 'griot.flowList.folder';
const ALL = '*';
const NONE = '-';
function readFolderFilter(): string {
  return (typeof localStorage !== 'undefined' && localStorage.getItem(FOLDER_KEY)) || ALL;
}
const filterOf = (value: string): FolderFilter => (value === ALL ? { kind: 'all' } : value === NONE ? { kind: 'none' } : { kind: 'folder', path: value });

const versionOf = (pointer: number | EnvironmentPointer | null | undefined) => (pointer === null || pointer === undefined ? null : typeof pointer === 'number' ? pointer : pointer.version);

/** The flows: open, create, duplicate, import, export, archive; for admins, the archive with restore. */
export function FlowListPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  /** Bumped when a flow is archived, so the admin's archive list reloads. */
  const [archiveVersion, setArchiveVersion] = useState(0);
  const [query, setQuery] = useState('');
  const [folderFilter, setFolderFilter] = useState(readFolderFilter);
  const [moving, setMoving] = useState<FlowSummary | null>(null);
  const [duplicating, setDuplicating] = useState<DuplicateSource | null>(null);
  const folders = useMemo(() => foldersOf(flows ?? []), [flows]);
  // A remembered folder that no longer holds any flow falls back to all of them.
  const activeFilter = folderFilter !== ALL && folderFilter !== NONE && flows && !folders.some((f) => f.path === folderFilter) ? ALL : folderFilter;
  const shown = useMemo(() => filterFlows(flows ?? [], query, filterOf(activeFilter)), [flows, query, activeFilter]);
  const chooseFolder = (value: string | null) => {
    const next = value ?? ALL;
    setFolderFilter(next);
    localStorage.setItem(FOLDER_KEY, next);
  };

  const load = useCallback(() => {
    flowsApi.list().then(setFlows, (e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  const notifyError = (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });

  const onImport = async (file: File | null) => {
    if (!file) return;
    try {
      const id = await importFlowFile(
        file,
        (flowId) =>
          new Promise<boolean>((resolve) =>
            modals.openConfirmModal({
              title: t('flows.importExistsTitle'),
              children: <Text size="sm">{t('flows.importExists', { id: flowId })}</Text>,
              labels: { confirm: t('flows.importReplace'), cancel: t('common.cancel') },
              confirmProps: { color: 'orange' },
              onConfirm: () => resolve(true),
              onCancel: () => resolve(false),
            }),
          ),
      );
      if (id) {
        notifications.show({ color: 'teal', message: t('flows.imported', { id }) });
        load();
      }
    } catch (e) {
      notifyError(e);
    }
  };

  const editable = can.edit(user);
  const archivable = can.archive(user);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main className="flow-list-page">
        <Container size="lg" py="lg">
          <Group justify="space-between" mb="lg">
            <div>
              <Title order={2}>{t('flows.title')}</Title>
              <Text c="dimmed" size="sm">
                {t('flows.subtitle')}
              </Text>
            </div>
            {editable && (
              <Group>
                <FileButton onChange={(f) => void onImport(f)} accept="application/json,.json">
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconFileImport size={16} />}>
                      {t('flows.import')}
                    </Button>
                  )}
                </FileButton>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  {t('flows.new')}
                </Button>
              </Group>
            )}
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          {!flows && !error && <Loader />}
          {flows && flows.length === 0 && (
            <Paper withBorder p="xl" radius="md" ta="center">
              <Text c="dimmed">{t('flows.empty')}</Text>
            </Paper>
          )}
          {flows && flows.length > 0 && (
            <Group mb="sm" gap="sm" align="flex-end" className="flow-list-filters">
              <TextInput
                style={{ flex: 1 }}
                leftSection={<IconSearch size={16} />}
                aria-label={t('flowList.search')}
                placeholder={t('flowList.searchPlaceholder')}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                type="search"
                name="flow-search"
              />
              <Select
                w={260}
                aria-label={t('flowList.folderFilter')}
                leftSection={<IconFolder size={16} />}
                allowDeselect={false}
                value={activeFilter}
                onChange={chooseFolder}
                data={[
                  { value: ALL, label: t('flowList.allFolders') },
                  ...folders.map((f) => ({ value: f.path, label: t('flowList.folderOption', { path: f.path, count: f.count }) })),
                  { value: NONE, label: t('flowList.noFolder') },
                ]}
              />
              <Text size="sm" c="dimmed" data-flows-shown={shown.length}>
                {t('flowList.shown', { shown: shown.length, total: flows.length })}
              </Text>
            </Group>
          )}
          {flows && flows.length > 0 && shown.length === 0 && (
            <Paper withBorder p="xl" radius="md" ta="center">
              <Text c="dimmed">{t('flowList.noMatch')}</Text>
            </Paper>
          )}
          {flows && shown.length > 0 && (
            <Paper withBorder radius="md">
              <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('flows.name')}</Table.Th>
                    <Table.Th>{t('flowList.folder')}</Table.Th>
                    <Table.Th>{t('flows.draft')}</Table.Th>
                    <Table.Th>{t('flows.latest')}</Table.Th>
                    <Table.Th>{t('environments.staging')}</Table.Th>
                    <Table.Th>{t('environments.production')}</Table.Th>
                    <Table.Th>{t('flows.updated')}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((flow) => {
                    const staging = versionOf(flow.environments?.staging);
                    const production = versionOf(flow.environments?.production);
                    return (
                      <Table.Tr key={flow.id} data-flow-id={flow.id}>
                        <Table.Td>
                          <Anchor
                            href={editorPath(flow.id)}
                            fw={600}
                            onClick={(e) => {
                              e.preventDefault();
                              navigate(editorPath(flow.id));
                            }}
                          >
                            <Bdi>{flow.name}</Bdi>
                          </Anchor>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {flow.id}
                          </Text>
                        </Table.Td>
                        <Table.Td data-folder={flow.folder ?? ''}>
                          {flow.folder ? (
                            <UnstyledButton onClick={() => chooseFolder(flow.folder ?? null)} className="flow-folder" aria-label={`${t('flowList.folderFilter')} : ${isolate(flow.folder)}`}>
                              <Group gap={4} wrap="nowrap" align="flex-start">
                                <IconFolder size={14} style={{ flexShrink: 0, marginTop: 2 }} />
                                <Text size="sm">
                                  <Bdi>{flow.folder}</Bdi>
                                </Text>
                              </Group>
                            </UnstyledButton>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t('flows.revision', { n: flow.draftRevision })}</Text>
                        </Table.Td>
                        <Table.Td>
                          {flow.latestVersion ? (
                            <Badge variant="light">v{flow.latestVersion}</Badge>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {staging ? (
                            <Badge color="yellow" variant="light">
                              v{staging}
                            </Badge>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {production ? (
                            <Badge color="green" variant="light">
                              v{production}
                            </Badge>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {flow.updatedAt ? new Date(flow.updatedAt).toLocaleString(i18n.language) : '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" color="gray" aria-label={t('flows.actions', { name: flow.name })}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {editable && (
                                <Menu.Item leftSection={<IconFolderSymlink size={14} />} onClick={() => setMoving(flow)} data-action="move-to-folder">
                                  {t('flowList.move')}
                                </Menu.Item>
                              )}
                              {editable && (
                                <Menu.Item
                                  leftSection={<IconCopy size={14} />}
                                  onClick={(e) => setDuplicating({ flowId: flow.id, name: flow.name, returnFocus: menuTargetOf(e.currentTarget) })}
                                  data-action="duplicate-flow"
                                >
                                  {t('flows.duplicate')}
                                </Menu.Item>
                              )}
                              <Menu.Item
                                leftSection={<IconDownload size={14} />}
                                onClick={() => void flowsApi.exportFlow(flow.id).then((data) => downloadJson(`${flow.id}.griot.json`, data), notifyError)}
                              >
                                {t('flows.export')}
                              </Menu.Item>
                              {archivable && (
                                <>
                                  <Menu.Divider />
                                  <Menu.Item color="red" leftSection={<IconArchive size={14} />} onClick={() => setDeleting(flow)}>
                                    {t('archive.action')}
                                  </Menu.Item>
                                </>
                              )}
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
          {can.manageArchive(user) && <ArchivedFlowsPanel version={archiveVersion} onRestored={load} />}
        </Container>
        <DuplicateFlowModal
          source={duplicating}
          onClose={() => setDuplicating(null)}
          onDuplicated={(copy) => {
            notifications.show({ color: 'teal', message: t(copy.recordings > 0 ? 'flows.duplicatedWithRecordings' : 'flows.duplicated', { name: copy.flow.name, count: copy.recordings }) });
            load();
          }}
        />
        <MoveToFolderModal flow={moving} folders={folders.map((f) => f.path)} onClose={() => setMoving(null)} onMoved={load} />
        <CreateFlowModal
          opened={creating}
          takenIds={flows?.map((f) => f.id) ?? []}
          folders={folders.map((f) => f.path)}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(editorPath(id))}
        />
        <DeleteFlowModal
          flow={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            setArchiveVersion((v) => v + 1);
            load();
          }}
        />
      </AppShell.Main>
    </AppShell>
  );
}
