import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { flowsApi } from '../api/flowsApi.ts';
import type { FlowSummary, FlowUsage } from '../api/types.ts';
import { FlowUsageAlert } from './FlowUsageAlert.tsx';

const versionOf = (pointer: FlowSummary['environments']['staging']) => (pointer === null || pointer === undefined ? null : typeof pointer === 'number' ? pointer : pointer.version);

/** What the list already tells about a flow's use; the server's 409 has the last word. */
async function knownUsage(flow: FlowSummary): Promise<FlowUsage> {
  const environments = (['production', 'staging'] as const).flatMap((environment) => {
    const version = versionOf(flow.environments?.[environment]);
    return version === null ? [] : [{ environment, version }];
  });
  const bindings = await flowsApi.bindings().catch(() => []);
  return {
    environments,
    bindings: bindings.filter((b) => b.flowId === flow.id).map((b) => ({ id: b.id, channel: b.channel, address: b.address, environment: b.environment })),
  };
}

const isLive = (usage: FlowUsage | null) => !!usage && (usage.environments.length > 0 || usage.bindings.length > 0);

/**
 * Deleting a flow archives it (an admin can restore it for a while). A flow in service cannot
 * be archived: the modal says what still uses it instead of asking for the name; a flow that ran
 * in production needs a publisher, which the server's answer says. The name is typed again, as
 * on GitHub.
 */
export function DeleteFlowModal({ flow, onClose, onDeleted }: { flow: FlowSummary | null; onClose(): void; onDeleted(): void }) {
  const { t, i18n } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [usage, setUsage] = useState<FlowUsage | null>(null);
  const [needsPublisher, setNeedsPublisher] = useState(false);
  useEffect(() => {
    setTyped('');
    setUsage(null);
    setNeedsPublisher(false);
    if (flow) void knownUsage(flow).then(setUsage);
  }, [flow]);
  if (!flow) return null;

  const archive = async () => {
    setBusy(true);
    try {
      const archived = await flowsApi.archive(flow.id, typed);
      notifications.show({ color: 'teal', message: t('archive.done', { name: flow.name, date: new Date(archived.purgeAfter).toLocaleDateString(i18n.language) }) });
      onDeleted();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.body.error?.code === 'flow_in_use') setUsage(e.body.usedBy as FlowUsage);
      else if (e instanceof ApiError && e.status === 403 && e.body.error?.code === 'archive_needs_publisher') setNeedsPublisher(true);
      else notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const live = isLive(usage);
  return (
    <Modal opened onClose={onClose} title={t('archive.title')} centered size="lg">
      <Stack className="archive-flow-modal">
        {live && usage ? (
          <FlowUsageAlert usage={usage} />
        ) : (
          <Alert color="blue" variant="light">
            {t('archive.explain')}
          </Alert>
        )}
        {needsPublisher && (
          <Alert color="orange" variant="light" title={t('archive.needsPublisherTitle')} data-testid="archive-needs-publisher">
            {t('archive.needsPublisher')}
          </Alert>
        )}
        {!live && (
          <>
            <Text size="sm">
              {/* The name to type again, as written: copied from here it must be the name (isolates around it in the text would
                  make it another, and « Archiver » would stay off). Isolated by its element instead (`unicode-bidi: isolate`). */}
              <Trans i18nKey="archive.confirm" values={{ name: flow.name }} tOptions={{ asWritten: true }} components={{ b: <b style={{ unicodeBidi: 'isolate' }} /> }} />
            </Text>
            <TextInput aria-label={t('archive.confirmLabel')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {!live && (
            <Button color="red" loading={busy} disabled={typed !== flow.name || needsPublisher} onClick={() => void archive()}>
              {t('archive.submit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
