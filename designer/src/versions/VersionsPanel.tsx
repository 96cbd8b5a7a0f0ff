import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Menu, Paper, ScrollArea, Stack, Text, TextInput, Timeline, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconCopy, IconDots, IconGitCompare, IconSearch, IconRestore, IconRocket, IconTag, IconTestPipe } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { lookupNodes, readableNumber } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { ApiError } from '../api/client.ts';
import type { EnvironmentPointer, VersionSummary } from '../api/types.ts';
import { can, useUser } from '../app/sessionStore.ts';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { loadOlderVersions, refreshVersions, useVersions } from './versionsStore.ts';
import { VersionLabelModal } from './VersionLabelModal.tsx';
import { DuplicateFlowModal, menuTargetOf, type DuplicateSource } from '../flowList/DuplicateFlowModal.tsx';
import { editorPath } from '../app/router.ts';
import { CompareBox } from './CompareBox.tsx';
import { stagingPromotionRefusal } from '../simulator/backendPreviewAccess.ts';
import { FailingTestList, type FailingTest } from '../testing/FailingTestList.tsx';
import { ProductionTestsCheck } from './ProductionTestsCheck.tsx';
import { PublicationRequests } from './PublicationRequests.tsx';
import { usePublication } from './publicationStore.ts';
import type { PublicationRequest } from '../api/publicationApi.ts';
import { StagingNeedsPublisherNotice } from './StagingNeedsPublisherNotice.tsx';
import { LinesReached } from './LinesReached.tsx';
import { TestCalls } from './TestCalls.tsx';
import { withdrawnFromProduction } from './withdrawn.ts';
import { principalName } from './savedBy.ts';
import { searchableDate, versionMatches } from './versionSearch.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

type Environment = 'staging' | 'production';

/** Whether production ran a version before this one (what roll-back goes back to); unknown counts as yes, the server decides. */
const hasPrevious = (p: EnvironmentPointer | number | null | undefined) => (p && typeof p === 'object' && Array.isArray(p.history) ? p.history.length > 0 : true);

/** Publish history, environments and bindings, promotions and rollback, and the diff between two versions. */
const NO_REQUESTS: PublicationRequest[] = [];

export function VersionsPanel() {
  const { t, i18n } = useTranslation();
  const flowId = useDocument((s) => s.flowId) ?? '';
  const flowName = useDocument((s) => s.doc?.name ?? '');
  // Who wrote a version published on request (the requester), beside who published it (the approver).
  const approved = usePublication((st) => (st.ofFlow?.flowId === flowId ? st.ofFlow.requests : NO_REQUESTS));
  const versionPeople = (n: number, author: string | undefined) => {
    if (!author) return '';
    const request = approved.find((r) => r.status === 'approved' && r.version === n);
    if (!request || request.requestedBy === author) return ` · ${principalName(author, t)}`;
    return ` · ${t('versions.writtenBy', { author: principalName(request.requestedBy, t) })} · ${t('versions.publishedBy', { publisher: principalName(author, t) })}`;
  };
  const user = useUser();
  const versions = useVersions((s) => s.versions);
  const environments = useVersions((s) => s.environments);
  const bindings = useVersions((s) => s.bindings);
  const error = useVersions((s) => s.error);
  const hasOlder = useVersions((s) => s.hasOlder);
  const [labelling, setLabelling] = useState<VersionSummary | null>(null);
  const [duplicating, setDuplicating] = useState<DuplicateSource | null>(null);
  const [compareAsked, setCompareAsked] = useState<{ version: number; seq: number } | null>(null);
  // The history's search: what is typed is looked for in every version, the older pages read as it is.
  const [query, setQuery] = useState('');
  const searching = query.trim() !== '';
  const versionDate = (iso: string) => searchableDate(iso, i18n.language);
  const shownVersions = searching ? versions.filter((v) => versionMatches(v, query, versionDate, versionPeople(v.number, v.author))) : versions;
  // A page that failed stops the reading (said above the history, with what was found so far): « Versions plus anciennes » reads on.
  const readingOlder = searching && hasOlder && !error;
  useEffect(() => {
    if (readingOlder && flowId) void loadOlderVersions(flowId);
  }, [readingOlder, versions.length, flowId]);
  const mayLabel = can.edit(user) || can.promoteProduction(user);
  /** The look-ups (http node ids) of each version whose actions were opened: what the staging rule needs. */
  const [lookupsOf, setLookupsOf] = useState<Record<number, string[]>>({});
  const loadLookups = (n: number) => {
    if (lookupsOf[n] || !can.promoteStaging(user)) return;
    flowsApi.version(flowId, n).then(
      (v) => setLookupsOf((known) => ({ ...known, [n]: lookupNodes(v.document) })),
      () => undefined, // the server still decides
    );
  };
  const labelOf = (n: number | null) => (n === null ? undefined : versions.find((v) => v.number === n)?.label);
  useEffect(() => {
    if (flowId) void refreshVersions(flowId);
  }, [flowId]);
  // The latest version's look-ups are read up front: an editor is told here when staging needs a publisher.
  const latest = versions.length > 0 ? Math.max(...versions.map((v) => v.number)) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per version
  useEffect(() => {
    if (latest !== undefined) loadLookups(latest);
  }, [latest]);

  const promote = async (environment: Environment, version: number) => {
    try {
      await flowsApi.promote(flowId, environment, version);
      notifications.show({ color: 'teal', message: t('environments.promoted', { n: version, environment: t(`environments.${environment}`) }) });
    } catch (e) {
      const failures = e instanceof ApiError && e.status === 422 ? (e.body.failures as FailingTest[] | undefined) : undefined;
      const id = `promotion-refused-${version}`;
      notifications.show({
        id,
        color: 'red',
        title: t('environments.promoteFailed'),
        // The headline in the user's language (the error's own code), then each failing test readable,
        // kept until dismissed: the publisher reads it and goes to the tests.
        message: failures ? (
          <Stack gap={6} className="promotion-refused">
            <Text size="sm">{(e as Error).message}</Text>
            <FailingTestList tests={failures} onOpen={() => notifications.hide(id)} />
            <Text size="xs" c="dimmed">
              {t('environments.testsFailedHelp')}
            </Text>
          </Stack>
        ) : (
          (e as Error).message
        ),
        autoClose: failures ? false : 10000,
      });
    }
    await refreshVersions(flowId);
  };
  const confirmPromote = (environment: Environment, version: number) =>
    modals.openConfirmModal({
      title: t('environments.confirmTitle', { environment: t(`environments.${environment}`) }),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t('environments.confirm', { n: version, environment: t(`environments.${environment}`) })}</Text>
          <LinesReached flowId={flowId} environment={environment} version={version} />
          {environment === 'production' && <ProductionTestsCheck flowId={flowId} version={version} onOpenTest={() => modals.closeAll()} />}
        </Stack>
      ),
      size: 'lg',
      labels: { confirm: t('environments.promote'), cancel: t('common.cancel') },
      confirmProps: { color: environment === 'production' ? 'green' : 'yellow', 'data-action': 'confirm-promote' } as never,
      onConfirm: () => void promote(environment, version),
    });
  /**
   * An editor takes an old version back into the draft (someone's change to undo, a wording to
   * bring back): one undoable step, saved like any edit; nothing is published.
   */
  const takeIntoDraft = (n: number) =>
    modals.openConfirmModal({
      title: t('versions.takeTitle', { n }),
      children: <Text size="sm">{t('versions.takeConfirm', { n })}</Text>,
      labels: { confirm: t('versions.takeAction', { n }), cancel: t('common.cancel') },
      confirmProps: { 'data-action': 'confirm-take-version' } as never,
      onConfirm: () =>
        void flowsApi.version(flowId, n).then(
          (v) => {
            // The flow may have been left meanwhile: only the draft of this flow takes it.
            if (documentStore.getState().flowId !== flowId) return;
            documentStore.getState().actions.takeVersion(v.document);
            notifications.show({ color: 'teal', message: t('versions.taken', { n }) });
          },
          () => notifications.show({ color: 'red', message: t('versions.takeFailed', { n }) }),
        ),
    });
  const rollback = () => {
    // The version it goes back to, named (the last one production ran before), when the pointer says it.
    const p = pointer('production');
    const previous = p && typeof p === 'object' && Array.isArray(p.history) ? p.history.at(-1) : undefined;
    const named = (n: number) => (labelOf(n) ? `${n} (${labelOf(n)})` : String(n));
    modals.openConfirmModal({
      title: t('environments.rollbackTitle'),
      children: (
        <Stack gap="xs">
          <Text size="sm" data-rollback-to={previous}>
            {previous !== undefined && p && typeof p === 'object' ? t('environments.rollbackConfirmTo', { current: named(p.version), previous: named(previous) }) : t('environments.rollbackConfirm')}
          </Text>
          {/* The lines that go back, as the promotion dialog lists them: when each takes it, and what changes there. */}
          {previous !== undefined && <LinesReached flowId={flowId} environment="production" version={previous} />}
        </Stack>
      ),
      size: 'lg',
      labels: { confirm: t('environments.rollback'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void flowsApi.rollback(flowId).then(
          () => refreshVersions(flowId),
          (e: Error) => notifications.show({ color: 'red', title: t('common.failed'), message: e.message }),
        ),
    });
  };

  const pointer = (environment: Environment) => environments[environment] as EnvironmentPointer | number | null;
  const versionIn = (environment: Environment) => {
    const p = pointer(environment);
    return p === null || p === undefined ? null : typeof p === 'number' ? p : p.version;
  };

  // A version production left (a roll-back): marked in the history, and, while it is the latest, the draft still starts
  // from it: said, rather than inviting anyone to ask for it again.
  const withdrawn = withdrawnFromProduction(pointer('production'));
  const latestWithdrawn = latest !== undefined && withdrawn.has(latest);
  const latestNeedsPublisher = latest !== undefined && !latestWithdrawn && versionIn('staging') !== latest && stagingPromotionRefusal(user, latest, lookupsOf[latest], environments) !== null;
  const productionNow = pointer('production');
  const productionMoved =
    productionNow && typeof productionNow === 'object' && productionNow.updatedAt
      ? t('withdrawn.when', {
          date: new Date(productionNow.updatedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
          who: productionNow.updatedBy ? principalName(productionNow.updatedBy, t) : '?',
        })
      : '';
  const bindingVersion = (b: (typeof bindings)[number]) => b.environments?.[b.environment] ?? versionIn(b.environment);

  return (
    <ScrollArea h="100%">
      <Stack p="md" gap="md">
        <Text fw={600}>{t('versions.title')}</Text>
        {error && <Alert color="red">{error}</Alert>}
        <Group grow gap="xs">
          {(['staging', 'production'] as const).map((env) => {
            const p = pointer(env);
            return (
              <Paper key={env} withBorder radius="md" p="sm" className={`env-card ${env}`} data-environment={env}>
                <Text size="xs" tt="uppercase" fw={700} c="dimmed">
                  {t(`environments.${env}`)}
                </Text>
                <Text size="xl" fw={700} data-env-version={env}>
                  {versionIn(env) ? `v${versionIn(env)}` : '—'}
                </Text>
                {labelOf(versionIn(env)) && (
                  <Text size="xs" fw={600} c="indigo" truncate="end" data-env-label={env}>
                    {labelOf(versionIn(env))}
                  </Text>
                )}
                {p && typeof p === 'object' && p.updatedAt && (
                  <Text size="xs" c="dimmed">
                    {new Date(p.updatedAt).toLocaleDateString(i18n.language)} {p.updatedBy ? `· ${principalName(p.updatedBy, t)}` : ''}
                  </Text>
                )}
                {env === 'production' && can.rollback(user) && versionIn('production') && (
                  // Only when production ran an earlier version: otherwise the server answers no_previous_version.
                  <Tooltip label={t('environments.rollbackNoPrevious', { version: versionIn('production') })} disabled={hasPrevious(p)} multiline w={260}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      mt={4}
                      leftSection={<IconArrowBackUp size={12} />}
                      onClick={rollback}
                      disabled={!hasPrevious(p)}
                      data-action="rollback"
                      data-disabled-reason={hasPrevious(p) ? undefined : 'no_previous_version'}
                    >
                      {t('environments.rollback')}
                    </Button>
                  </Tooltip>
                )}
              </Paper>
            );
          })}
        </Group>
        {bindings.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('versions.bindings')}
            </Text>
            {bindings.map((b) => (
              <Stack key={b.id} gap={2}>
                <Group gap={6} justify="space-between" className="binding-row">
                  <Text size="sm">
                    <Badge size="xs" variant="light" mr={4} tt="none" data-channel={b.channel}>
                      {t(`admin.channels.${b.channel}.name`, { defaultValue: b.channel })}
                    </Badge>
                    <PhoneNumber number={b.address} />
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`environments.${b.environment}`)} · {bindingVersion(b) ? `v${bindingVersion(b)}` : '—'}
                    {labelOf(bindingVersion(b) ?? null) ? ` · ${labelOf(bindingVersion(b) ?? null)}` : ''}
                  </Text>
                </Group>
                {/* What a tester's phone hears on this line: staging (or the version pinned for it); an own number not confirmed yet, the line's environment, like a subscriber. */}
                {(b.testers ?? []).map((tester) => {
                  const pending = tester.addedBy !== undefined && !tester.confirmedAt;
                  const environment: Environment = pending ? b.environment : 'staging';
                  const n = pending ? bindingVersion(b) : (tester.version ?? b.environments?.staging ?? versionIn('staging'));
                  const notes = [
                    tester.addedBy !== undefined && tester.addedBy === user?.username ? t('versions.testNumberYours') : null,
                    pending ? t('versions.testNumberPending') : null,
                    !pending && tester.version !== undefined ? t('versions.testNumberPinned') : null,
                  ].filter((note): note is string => note !== null);
                  const vars = { number: readableNumber(tester.number), environment: t(`environments.${environment}`), n };
                  return (
                    <Text key={tester.number} size="xs" c="dimmed" pl="md" w="100%" data-test-number={tester.number}>
                      {n ? t('versions.testNumberHears', vars) : t('versions.testNumberHearsNone', vars)}
                      {labelOf(n ?? null) ? ` · ${labelOf(n ?? null)}` : ''}
                      {notes.length > 0 ? ` (${notes.join(' ; ')})` : ''}
                    </Text>
                  );
                })}
              </Stack>
            ))}
          </Stack>
        )}
        {can.preview(user) && bindings.some((b) => (b.testers ?? []).length > 0) && <TestCalls flowId={flowId} />}
        {latestWithdrawn && versionIn('production') !== null && (
          <Alert color="orange" variant="light" p="sm" data-withdrawn-notice={latest}>
            <Stack gap={6} align="flex-start">
              <Text size="sm">{t('withdrawn.notice', { n: latest, current: versionIn('production'), when: productionMoved })}</Text>
              {can.edit(user) && (
                <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} onClick={() => takeIntoDraft(versionIn('production') as number)} data-action="take-production">
                  {t('withdrawn.takeCurrent', { current: versionIn('production') })}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {latestNeedsPublisher && <StagingNeedsPublisherNotice flowId={flowId} version={latest} lookups={lookupsOf[latest] ?? []} />}
        <PublicationRequests flowId={flowId} />
        <CompareBox
          flowId={flowId}
          versions={versions.map((v) => v.number)}
          production={environments.production?.version ?? null}
          labels={Object.fromEntries(versions.flatMap((v) => (v.label ? [[v.number, v.label]] : [])))}
          request={compareAsked}
        />
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {t('versions.history')}
        </Text>
        {versions.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('versions.none')}
          </Text>
        )}
        {versions.length > 1 && (
          <TextInput
            size="xs"
            leftSection={<IconSearch size={14} />}
            placeholder={t('versions.searchPlaceholder')}
            aria-label={t('versions.search')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-version-search
          />
        )}
        {searching && (
          <Text size="xs" c="dimmed" data-version-search-result>
            {readingOlder ? t('versions.searchReading') : t('versions.searchFound', { count: shownVersions.length })}
          </Text>
        )}
        <Timeline bulletSize={20} lineWidth={2} active={-1}>
          {shownVersions.map((v) => {
            const inStaging = versionIn('staging') === v.number;
            const inProduction = versionIn('production') === v.number;
            const stagingRefused = stagingPromotionRefusal(user, v.number, lookupsOf[v.number], environments) !== null;
            return (
              <Timeline.Item
                key={v.number}
                bullet={
                  <Text size="10px" fw={700}>
                    {v.number}
                  </Text>
                }
                color={inProduction ? 'green' : inStaging ? 'yellow' : 'gray'}
                title={
                  <Group justify="space-between" wrap="nowrap" data-version={v.number}>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        v{v.number}
                      </Text>
                      {v.label && (
                        <Badge
                          size="sm"
                          variant="light"
                          color="indigo"
                          leftSection={<IconTag size={10} />}
                          data-version-label={v.number}
                          aria-label={t('versionLabel.labelOf', { n: v.number, label: v.label })}
                        >
                          <Bdi>{v.label}</Bdi>
                        </Badge>
                      )}
                      {inStaging && (
                        <Badge size="xs" color="yellow">
                          {t('environments.staging')}
                        </Badge>
                      )}
                      {inProduction && (
                        <Badge size="xs" color="green">
                          {t('environments.production')}
                        </Badge>
                      )}
                      {withdrawn.has(v.number) && (
                        <Tooltip label={t('withdrawn.badgeHelp', { current: versionIn('production') })} multiline w={240}>
                          <Badge size="xs" color="red" variant="light" data-withdrawn={v.number}>
                            {t('withdrawn.badge')}
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                    {/* Only what the user's roles allow: the API refuses the rest (promoting to production needs a publisher). */}
                    {
                      <Menu position="bottom-end" withinPortal onOpen={() => loadLookups(v.number)}>
                        <Menu.Target>
                          <Button size="compact-xs" variant="subtle" color="gray" aria-label={t('versions.actions', { n: v.number })}>
                            <IconDots size={14} />
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconGitCompare size={14} />}
                            onClick={() => setCompareAsked((asked) => ({ version: v.number, seq: (asked?.seq ?? 0) + 1 }))}
                            data-action="compare-with-draft"
                          >
                            {t('versions.compareWithDraft')}
                          </Menu.Item>
                          {mayLabel && (
                            <Menu.Item leftSection={<IconTag size={14} />} onClick={() => setLabelling(v)} data-action="label-version">
                              {v.label ? t('versionLabel.rename') : t('versionLabel.name')}
                            </Menu.Item>
                          )}
                          {can.edit(user) && (
                            <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => takeIntoDraft(v.number)} data-action="take-version">
                              {t('versions.takeIntoDraft')}
                            </Menu.Item>
                          )}
                          {can.edit(user) && (
                            <Menu.Item
                              leftSection={<IconCopy size={14} />}
                              onClick={(e) => setDuplicating({ flowId, name: flowName, version: v.number, returnFocus: menuTargetOf(e.currentTarget) })}
                              data-action="duplicate-version"
                            >
                              {t('versions.duplicateVersion')}
                            </Menu.Item>
                          )}
                          {can.promoteStaging(user) && (
                            <Menu.Item
                              leftSection={<IconTestPipe size={14} />}
                              disabled={inStaging || stagingRefused}
                              onClick={() => confirmPromote('staging', v.number)}
                              data-staging-refused={stagingRefused || undefined}
                            >
                              {t('environments.toStaging')}
                              {stagingRefused && !inStaging && (
                                <Text size="xs" c="dimmed" maw={260}>
                                  {t('environments.stagingNeedsPublisher', { nodes: (lookupsOf[v.number] ?? []).join(', ') })}
                                </Text>
                              )}
                            </Menu.Item>
                          )}
                          {can.promoteProduction(user) && (
                            <Menu.Item leftSection={<IconRocket size={14} />} disabled={inProduction} onClick={() => confirmPromote('production', v.number)}>
                              {t('environments.toProduction')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    }
                  </Group>
                }
              >
                {v.message && <Text size="sm">{v.message}</Text>}
                <Text size="xs" c="dimmed" data-version-meta={v.number}>
                  {new Date(v.createdAt).toLocaleString(i18n.language)}
                  {versionPeople(v.number, v.author)}
                </Text>
                {v.importedFrom && (
                  <Text size="xs" c="dimmed" fs="italic" data-testid="imported-from">
                    {t('versionLabel.importedClaim', {
                      author: principalName(v.importedFrom.author, t),
                      date: Number.isNaN(Date.parse(v.importedFrom.createdAt)) ? v.importedFrom.createdAt : new Date(v.importedFrom.createdAt).toLocaleString(i18n.language),
                    })}
                    {v.importedFrom.message ? ` · ${t('versionLabel.importedMessage', { message: v.importedFrom.message })}` : ''}
                  </Text>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
        {hasOlder && !readingOlder && (
          <Button size="xs" variant="subtle" data-action="older-versions" onClick={() => void loadOlderVersions(flowId)}>
            {t('versions.older')}
          </Button>
        )}
      </Stack>
      <VersionLabelModal flowId={flowId} version={labelling} onClose={() => setLabelling(null)} />
      <DuplicateFlowModal
        source={duplicating}
        onClose={() => setDuplicating(null)}
        onDuplicated={(copy) =>
          notifications.show({
            color: 'teal',
            autoClose: false,
            message: (
              <>
                {t(copy.recordings > 0 ? 'flows.duplicatedWithRecordings' : 'flows.duplicated', { name: copy.flow.name, count: copy.recordings })}{' '}
                <Anchor href={editorPath(copy.flow.id)} data-open-copy={copy.flow.id}>
                  {t('flows.openCopy')}
                </Anchor>
              </>
            ),
          })
        }
      />
    </ScrollArea>
  );
}
