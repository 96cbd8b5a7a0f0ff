import { useEffect, useRef, useState } from 'react';
import { Button, Group, Paper, Select, Stack, Switch, Text } from '@mantine/core';
import { IconGitCompare } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { diffFlows, type Flow, type FlowDiff } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';
import { documentStore } from '../store/documentStore.ts';
import { DiffView } from './DiffView.tsx';
import { diffMarks } from './diffMarks.ts';
import { readDocument } from './draftSaver.ts';

const DRAFT = 'draft';

interface Props {
  flowId: string;
  /** Published versions, newest first. */
  versions: number[];
  /** The version production runs, if any. */
  production: number | null;
  /** A version's name (« Tabaski 2026 »), shown and searched beside its number. */
  labels?: Readonly<Record<number, string>>;
  /** Asked from a version's menu (« Comparer avec le brouillon »): compared at once with the draft; `seq` tells two asks for one version apart. */
  request?: { version: number; seq: number } | null;
}

/**
 * Picks two versions (or the draft), shows their diff, and marks it on the canvas. It opens on
 * what an editor asks before publishing: what production runs (else the latest published
 * version) against the draft.
 */
export function CompareBox({ flowId, versions: listed, production, labels = {}, request = null }: Props) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(DRAFT);
  const [compared, setCompared] = useState<{ diff: FlowDiff; before: Flow; after: Flow } | null>(null);
  const [busy, setBusy] = useState(false);
  const onCanvas = useCanvas((s) => s.diff !== null);
  // What production runs is offered even before the list has it (older than the pages read).
  const versions = production !== null && !listed.includes(production) ? [...listed, production].sort((a, b) => b - a) : listed;
  const preferred = production ?? versions[0];
  useEffect(() => {
    if (from === null && preferred !== undefined) setFrom(String(preferred));
  }, [preferred, from]);
  const numbered = (n: number) => (n === production ? t('versions.inProduction', { n }) : n === versions[0] ? t('versions.latestPublished', { n }) : `v${n}`);
  const versionLabel = (n: number) => (labels[n] ? `${numbered(n)} · ${labels[n]}` : numbered(n));
  const options = [{ value: DRAFT, label: t('versions.draft') }, ...versions.map((n) => ({ value: String(n), label: versionLabel(n) }))];
  const asArg = (v: string) => (v === DRAFT ? 'draft' : Number(v));

  const box = useRef<HTMLDivElement>(null);
  const compare = async (pair: { from: string | null; to: string | null } = { from, to }) => {
    if (!pair.from || !pair.to) return;
    const [fromValue, toValue] = [pair.from, pair.to];
    setBusy(true);
    try {
      // The draft is what is on screen, saved or not; both documents are kept to name each option's target in its own version.
      const [before, after] = await Promise.all([load(flowId, asArg(fromValue)), load(flowId, asArg(toValue))]);
      setCompared({ diff: diffFlows(before, after), before, after });
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  // A version's « Comparer avec le brouillon »: the box takes that pair, compares, and comes into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per ask, not when `compare` is remade
  useEffect(() => {
    if (!request) return;
    const pair = { from: String(request.version), to: DRAFT };
    setFrom(pair.from);
    setTo(pair.to);
    box.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    void compare(pair);
  }, [request?.seq]);
  return (
    <Paper withBorder radius="md" p="sm" data-compare-box ref={box}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select size="xs" label={t('versions.from')} data={options} value={from} onChange={setFrom} style={{ flex: 1 }} data-compare="from" searchable nothingFoundMessage={t('versions.noneFound')} />
        <Select size="xs" label={t('versions.to')} data={options} value={to} onChange={setTo} style={{ flex: 1 }} data-compare="to" searchable nothingFoundMessage={t('versions.noneFound')} />
      </Group>
      <Group justify="flex-end" mt="xs">
        <Button size="xs" leftSection={<IconGitCompare size={14} />} loading={busy} disabled={!from || !to || from === to} onClick={() => void compare()}>
          {t('versions.compare')}
        </Button>
      </Group>
      {compared && (
        <Stack gap="xs" mt="sm">
          <Switch size="xs" label={t('versions.showOnCanvas')} checked={onCanvas} onChange={(e) => canvasStore.getState().setDiff(e.currentTarget.checked ? diffMarks(compared.diff) : null)} />
          {to !== DRAFT && onCanvas && (
            <Text size="xs" c="dimmed">
              {t('versions.canvasShowsDraft')}
            </Text>
          )}
          <DiffView diff={compared.diff} before={compared.before} after={compared.after} />
        </Stack>
      )}
    </Paper>
  );
}

/** A published version from the server, or the draft as on screen. */
async function load(flowId: string, v: number | 'draft'): Promise<Flow> {
  return v === 'draft' ? (documentStore.getState().doc ?? readDocument((await flowsApi.draft(flowId)).document)) : readDocument((await flowsApi.version(flowId, v)).document);
}
