import { useEffect, useState } from 'react';
import { Accordion, ActionIcon, Alert, Badge, Button, Group, Progress, ScrollArea, Select, Stack, Switch, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconCheck, IconPencil, IconPlayerPlay, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CaseResult, TestReport } from '@griot/flows';
import { documentActions, documentStore, useDocument } from '../store/documentStore.ts';
import { flowsApi } from '../api/flowsApi.ts';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';
import { useVersions } from '../versions/versionsStore.ts';
import { runOneTestLocally, runTestsLocally } from './runTestsLocally.ts';
import { TestCaseEditor } from './TestCaseEditor.tsx';
import { CaseOutcome, showDivergence } from './CaseOutcome.tsx';
import { useTestsFocus } from './testsFocusStore.ts';
import { AcceptResults } from './AcceptResults.tsx';
import type { TestCase } from '@griot/flows';

const NO_TESTS: TestCase[] = [];

/** A case's result with where the case was among the draft's cases and the case as run (none for a version's). */
type Ran = CaseResult & { index: number; tested?: TestCase };

/** The flow's test cases: run them here or on the server, see what failed and what they cover. */
export function TestsPanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const tests = useDocument((s) => s.doc?.tests ?? NO_TESTS);
  const flowId = useDocument((s) => s.flowId) ?? '';
  const versions = useVersions((s) => s.versions);
  const coverageShown = useCanvas((s) => s.coverage !== null);
  const [where, setWhere] = useState('local');
  const [report, setReport] = useState<TestReport | null>(null);
  /** The draft's cases the report ran, in its order: a result is accepted only on its case while unchanged. */
  const [reportTested, setReportTested] = useState<readonly TestCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Cases run one at a time since the last full run, by where they were. */
  const [single, setSingle] = useState<Map<number, Ran>>(new Map());
  const [editing, setEditing] = useState<number | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  // A case another panel pointed at (a refused promotion, the publish dialog): open it, in view.
  const focused = useTestsFocus((s) => s.name);
  useEffect(() => {
    if (focused === null) return;
    const index = tests.findIndex((c) => c.name === focused);
    useTestsFocus.getState().clear();
    if (index < 0) return;
    setOpened((current) => (current.includes(String(index)) ? current : [...current, String(index)]));
    requestAnimationFrame(() => document.querySelector(`[data-test="${CSS.escape(focused)}"]`)?.scrollIntoView({ block: 'start' }));
  }, [focused, tests]);

  const runOne = (test: TestCase, index: number) => {
    const doc = documentStore.getState().doc;
    if (!doc) return;
    const outcome = runOneTestLocally(doc, test);
    if (!outcome.ok) return setError(outcome.message);
    setError(null);
    setSingle((current) => new Map(current).set(index, { ...outcome.result, index, tested: test }));
    if (!outcome.result.passed) showDivergence(outcome.result);
    else canvasStore.getState().setDiverged(null);
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      let next: TestReport;
      // What was run: the cases on screen, the saved draft's on the server, a version's (not the draft's: not accepted).
      let tested: readonly TestCase[] | null = null;
      if (where === 'local') {
        const doc = documentStore.getState().doc;
        if (!doc) return;
        const result = runTestsLocally(doc);
        if (!result.ok) throw new Error(result.message);
        next = result.report;
        tested = doc.tests;
      } else {
        tested = where === 'draft' ? (documentStore.getState().savedDoc?.tests ?? null) : null;
        next = await flowsApi.runTests(flowId, where === 'draft' ? 'draft' : Number(where));
      }
      setReport(next);
      setReportTested(tested);
      setSingle(new Map());
      canvasStore.getState().setDiverged(null);
      if (coverageShown) showCoverage(next);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** After « Accepter le résultat actuel »: the draft's cases run again here, for the editor to see them pass before saving. */
  const checkAgain = () => {
    const doc = documentStore.getState().doc;
    const result = doc ? runTestsLocally(doc) : null;
    if (!result?.ok) return;
    setWhere('local');
    setReport(result.report);
    setReportTested(doc?.tests ?? null);
    setSingle(new Map());
    canvasStore.getState().setDiverged(null);
  };
  const fromReport: Ran[] = report
    ? report.cases.map((c, index) => {
        const tested = reportTested?.[index];
        return { ...c, index, ...(tested && tested.name === c.name ? { tested } : {}) };
      })
    : [];
  const latest = report ? fromReport.map((c) => single.get(c.index) ?? c) : [...single.values()];
  const failing = latest.filter((c) => !c.passed);
  /** The result shown for the case at `i`: run alone, else the report's at the same place, else by name. */
  const resultOf = (test: TestCase, i: number): Ran | undefined => {
    const alone = single.get(i);
    if (alone && alone.name === test.name) return alone;
    return fromReport[i]?.name === test.name ? fromReport[i] : fromReport.find((c) => c.name === test.name);
  };
  const showCoverage = (r: TestReport | null) => {
    if (!r) return canvasStore.getState().setCoverage(null);
    const nodes = new Set(r.cases.flatMap((c) => c.nodes));
    const edges = new Set(r.cases.flatMap((c) => c.edges));
    canvasStore.getState().setCoverage({ nodes, edges });
  };
  const nodeCoverage = report ? report.coverage.nodes : null;
  const edgeCoverage = report ? report.coverage.edges : null;
  const pct = (c: { covered: number; total: number }) => (c.total === 0 ? 100 : Math.round((c.covered / c.total) * 100));

  return (
    <ScrollArea h="100%">
      <Stack p="md" gap="sm">
        <Text fw={600}>{t('tests.title')}</Text>
        <Text size="xs" c="dimmed">
          {t('tests.help')}
        </Text>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            style={{ flex: 1 }}
            label={t('tests.runOn')}
            value={where}
            onChange={(v) => v && setWhere(v)}
            data={[{ value: 'local', label: t('tests.local') }, { value: 'draft', label: t('tests.serverDraft') }, ...versions.map((v) => ({ value: String(v.number), label: `v${v.number}` }))]}
          />
          <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={busy} disabled={tests.length === 0} onClick={() => void run()} data-action="run-tests">
            {t('tests.runAll', { count: tests.length })}
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        {report && nodeCoverage && edgeCoverage && (
          <Stack gap={6} className="test-summary">
            <Group gap={6}>
              <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
                {t('tests.passed', { count: report.passed })}
              </Badge>
              <Badge color="red" variant={report.failed ? 'filled' : 'light'} leftSection={<IconX size={12} />}>
                {t('tests.failed', { count: report.failed })}
              </Badge>
            </Group>
            <Text size="xs">{t('tests.nodeCoverage', { covered: nodeCoverage.covered, total: nodeCoverage.total })}</Text>
            <Progress value={pct(nodeCoverage)} color="teal" size="sm" />
            <Text size="xs">{t('tests.edgeCoverage', { covered: edgeCoverage.covered, total: edgeCoverage.total })}</Text>
            <Progress value={pct(edgeCoverage)} color="blue" size="sm" />
            <Switch size="xs" label={t('tests.showCoverage')} checked={coverageShown} onChange={(e) => showCoverage(e.currentTarget.checked ? report : null)} />
          </Stack>
        )}
        {!readOnly && failing.length > 0 && (
          <Group>
            <AcceptResults failing={failing} scope="all" onAccepted={checkAgain} />
          </Group>
        )}
        {tests.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('tests.none')}
          </Text>
        )}
        <Accordion variant="separated" radius="md" multiple value={opened} onChange={setOpened}>
          {tests.map((test, i) => {
            const result = resultOf(test, i);
            return (
              <Accordion.Item key={i} value={String(i)} data-test={test.name}>
                <Accordion.Control
                  icon={
                    result ? (
                      <ThemeIcon size={20} radius="xl" color={result.passed ? 'teal' : 'red'}>
                        {result.passed ? <IconCheck size={12} /> : <IconX size={12} />}
                      </ThemeIcon>
                    ) : undefined
                  }
                >
                  <Group justify="space-between" wrap="nowrap" pr="xs">
                    <Text size="sm" fw={500} truncate>
                      {test.name}
                    </Text>
                    <Badge size="xs" variant="light">
                      {t('tests.steps', { count: test.steps.length })}
                    </Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap={6}>
                    <Text size="xs" c="dimmed">
                      {test.channel} · {test.caller.number}
                      {test.locale ? ` · ${test.locale}` : ''}
                    </Text>
                    <Group gap={4}>
                      <Button size="compact-xs" variant="light" leftSection={<IconPlayerPlay size={12} />} onClick={() => runOne(test, i)} data-action="run-test">
                        {t('testEditor.runOne')}
                      </Button>
                      {!readOnly && (
                        <Button size="compact-xs" variant="light" color="gray" leftSection={<IconPencil size={12} />} onClick={() => setEditing(i)} data-action="edit-test">
                          {t('testEditor.edit')}
                        </Button>
                      )}
                      {!readOnly && result && !result.passed && <AcceptResults failing={[result]} scope="one" onAccepted={checkAgain} />}
                    </Group>
                    {result && <CaseOutcome result={result} />}
                    {result?.transcript.map((line, j) => (
                      <div key={j} className="test-line">
                        {line.input && (
                          <Text size="xs" fw={600}>
                            → {line.input}
                          </Text>
                        )}
                        {line.prompts.map((p, k) => (
                          <Text key={k} size="xs" c="dimmed">
                            {p}
                          </Text>
                        ))}
                      </div>
                    ))}
                    {!readOnly && (
                      <Group justify="flex-end">
                        <Tooltip label={t('common.remove')}>
                          <ActionIcon size="sm" variant="subtle" color="red" onClick={() => documentActions().removeTestCase(i)} aria-label={t('common.remove')}>
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      </Stack>
      {editing !== null && <TestCaseEditor index={editing} onClose={() => setEditing(null)} />}
    </ScrollArea>
  );
}
