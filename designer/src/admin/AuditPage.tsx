import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Button, Group, Loader, Paper, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconFilter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import { AUDIT_PAGE, auditApi, type AuditEntryView, type AuditFilters } from './auditApi.ts';
import { auditFr } from './auditFr.ts';
import { actionOfKey, auditSentence } from './auditSentence.ts';
import { useApiErrorText } from './useApiErrorText.ts';
import { principalName } from '../versions/savedBy.ts';

const KNOWN = new Set(Object.keys(auditFr.actions).filter((k) => k !== 'other'));

/** `2026-03-01` (a day picked in the browser's time zone) → the instant it starts, or that ends it. */
const dayStart = (day: string, plusDays = 0) => {
  if (!day) return undefined;
  const at = new Date(`${day}T00:00:00`);
  at.setDate(at.getDate() + plusDays);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
};

/** The audit log for admins: newest first, filtered by user, action, flow and period, paged, exportable. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const errorText = useApiErrorText();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState<string | null>(null);
  const [flowId, setFlowId] = useState<string | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [flows, setFlows] = useState<Array<{ id: string; name: string }>>([]);

  useEffect(() => {
    flowsApi.list().then(
      (list) => setFlows(list.map((f) => ({ id: f.id, name: f.name }))),
      () => setFlows([]),
    );
  }, []);
  const flowName = useCallback((id: string) => flows.find((f) => f.id === id)?.name ?? id, [flows]);

  const load = useCallback(
    (wanted: AuditFilters, before?: string) => {
      setError(null);
      auditApi.page(wanted, before).then(
        (page) => {
          setEntries((current) => (before ? [...(current ?? []), ...page] : page));
          setHasMore(page.length === AUDIT_PAGE);
        },
        (e: unknown) => setError(errorText(e)),
      );
    },
    [errorText],
  );
  useEffect(() => load(filters), [load, filters]);

  const apply = () => {
    const from = dayStart(fromDay);
    const to = dayStart(toDay, 1);
    setEntries(null);
    setFilters({
      ...(actor.trim() ? { actor: actor.trim() } : {}),
      ...(action ? { action } : {}),
      ...(flowId ? { target: `flow:${flowId}` } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
  };
  const reset = () => {
    setActor('');
    setAction(null);
    setFlowId(null);
    setFromDay('');
    setToDay('');
    setEntries(null);
    setFilters({});
  };

  const actionOptions = useMemo(() => [...KNOWN].map((key) => ({ value: actionOfKey(key), label: actionOfKey(key) })), []);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  return (
    <div className="audit-page">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={3}>{t('admin.audit.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('admin.audit.subtitle')}
          </Text>
        </div>
        <Button component="a" variant="default" href={auditApi.csvUrl(filters)} download="griot-audit.csv" leftSection={<IconDownload size={16} />} title={t('admin.audit.exportHelp')}>
          {t('admin.audit.exportCsv')}
        </Button>
      </Group>
      <Paper withBorder radius="md" p="md" mb="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('admin.audit.filters.actor')}
              placeholder={t('admin.audit.filters.actorPlaceholder')}
              value={actor}
              onChange={(e) => setActor(e.currentTarget.value)}
              maxLength={200}
              w={150}
              name="actor"
            />
            <Select
              label={t('admin.audit.filters.action')}
              placeholder={t('admin.audit.filters.anyAction')}
              data={actionOptions}
              value={action}
              onChange={setAction}
              clearable
              searchable
              w={220}
              name="action"
            />
            <Select
              label={t('admin.audit.filters.flow')}
              placeholder={t('admin.audit.filters.anyFlow')}
              data={flows.map((f) => ({ value: f.id, label: f.name }))}
              value={flowId}
              onChange={setFlowId}
              clearable
              searchable
              w={200}
              name="flow"
            />
            <TextInput type="date" label={t('admin.audit.filters.from')} value={fromDay} onChange={(e) => setFromDay(e.currentTarget.value)} w={150} name="from" />
            <TextInput type="date" label={t('admin.audit.filters.to')} value={toDay} onChange={(e) => setToDay(e.currentTarget.value)} w={150} name="to" />
            <Button type="submit" leftSection={<IconFilter size={16} />}>
              {t('admin.audit.filters.apply')}
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={reset}>
              {t('admin.audit.filters.reset')}
            </Anchor>
          </Group>
        </form>
      </Paper>
      {error && <Alert color="red">{error}</Alert>}
      {!entries && !error && <Loader />}
      {entries && entries.length === 0 && (
        <Paper withBorder p="xl" radius="md" ta="center">
          <Text c="dimmed">{t('admin.audit.empty')}</Text>
        </Paper>
      )}
      {entries && entries.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={190}>{t('admin.audit.when')}</Table.Th>
                <Table.Th w={130}>{t('admin.audit.who')}</Table.Th>
                <Table.Th>{t('admin.audit.what')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id} data-audit-action={entry.action}>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {when(entry.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {principalName(entry.actor, t)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="audit-sentence">
                      {auditSentence(entry, t, flowName, KNOWN)}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {entry.action} · {entry.target}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {entries && hasMore && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => load(filters, entries.at(-1)?.id)}>
            {t('admin.audit.more')}
          </Button>
        </Group>
      )}
    </div>
  );
}
