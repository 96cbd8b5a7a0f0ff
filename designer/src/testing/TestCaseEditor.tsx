import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Divider, Group, Modal, ScrollArea, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CaseResult, TestCase, TestStep } from '@griot/flows';
import { documentActions, documentStore, useDocument } from '../store/documentStore.ts';
import { TestStepEditor } from './TestStepEditor.tsx';
import { FixturesEditor } from './FixturesEditor.tsx';
import { checkTestCase } from './testCaseDraft.ts';
import { runOneTestLocally } from './runTestsLocally.ts';
import { CaseOutcome, showDivergence } from './CaseOutcome.tsx';
import { canvasStore } from '../canvas/canvasStore.ts';

const CHANNELS = ['voice', 'whatsapp', 'botframework', 'webchat', 'messenger', 'ussd'] as const;

/**
 * Edits one test case: the caller, each step (what the caller does, what must be true then) and
 * what the look-ups answer. It can be run as edited, before it is saved to the draft.
 */
export function TestCaseEditor({ index, onClose }: { index: number; onClose(): void }) {
  const { t } = useTranslation();
  const original = useDocument((s) => s.doc?.tests[index]);
  const nodes = useDocument((s) => s.doc?.nodes);
  const locales = useDocument((s) => s.doc?.locales);
  const [draft, setDraft] = useState<TestCase | undefined>(original);
  const ids = useRef(0);
  const [keys, setKeys] = useState<number[]>(() => (original?.steps ?? []).map(() => ids.current++));
  const [invalidFixtures, setInvalidFixtures] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<CaseResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const nodeIds = useMemo(() => (nodes ?? []).map((n) => n.id), [nodes]);
  const answerable = useMemo(() => (nodes ?? []).filter((n) => n.type === 'http' || n.type === 'intent').map((n) => n.id), [nodes]);
  const localeCodes = useMemo(() => (locales ?? []).map((l) => l.code), [locales]);
  if (!draft) return null;

  const update = (patch: Partial<TestCase>) => {
    setDraft({ ...draft, ...patch });
    setResult(null);
  };
  const setSteps = (steps: TestStep[], nextKeys: number[]) => {
    setKeys(nextKeys);
    update({ steps });
  };
  const checked = () => {
    if (invalidFixtures.size > 0) return { ok: false as const, error: t('testEditor.fixtureInvalid', { nodes: [...invalidFixtures].join(', ') }) };
    return checkTestCase(draft);
  };
  const run = () => {
    const valid = checked();
    const doc = documentStore.getState().doc;
    if (!valid.ok || !doc) return setProblem(valid.ok ? null : valid.error);
    const outcome = runOneTestLocally(doc, valid.value);
    if (!outcome.ok) return setProblem(outcome.message);
    setProblem(null);
    setResult(outcome.result);
    if (outcome.result.passed) canvasStore.getState().setDiverged(null);
    else showDivergence(outcome.result);
  };
  const save = () => {
    const valid = checked();
    if (!valid.ok) return setProblem(valid.error);
    documentActions().updateTestCase(index, valid.value);
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={t('testEditor.title', { name: original?.name ?? '' })} size="xl" centered data-dialog="test-editor">
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="xs">
          <TextInput size="xs" label={t('tests.name')} value={draft.name} onChange={(e) => update({ name: e.currentTarget.value })} />
          <Select size="xs" label={t('testEditor.channel')} data={[...CHANNELS]} value={draft.channel} allowDeselect={false} onChange={(v) => v && update({ channel: v as TestCase['channel'] })} />
          <TextInput size="xs" label={t('simulator.callerNumber')} value={draft.caller.number} onChange={(e) => update({ caller: { ...draft.caller, number: e.currentTarget.value } })} />
          <Select
            size="xs"
            clearable
            label={t('testEditor.knownLocale')}
            data={localeCodes}
            value={draft.caller.knownLocale ?? null}
            onChange={(v) => {
              const { knownLocale: _old, ...caller } = draft.caller;
              update({ caller: v ? { ...caller, knownLocale: v } : caller });
            }}
          />
        </SimpleGrid>
        <Divider label={t('testEditor.steps')} labelPosition="left" />
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap="xs" pr="xs">
            {draft.steps.map((step, i) => (
              <TestStepEditor
                key={keys[i]}
                index={i}
                step={step}
                nodeIds={nodeIds}
                locales={localeCodes}
                diverged={result?.divergedAt?.step === i + 1}
                onChange={(next) =>
                  setSteps(
                    draft.steps.map((s, j) => (j === i ? next : s)),
                    keys,
                  )
                }
                onMove={(by) => {
                  const j = i + by;
                  if (j < 0 || j >= draft.steps.length) return;
                  const steps = draft.steps.slice();
                  const order = keys.slice();
                  [steps[i], steps[j]] = [steps[j] as TestStep, steps[i] as TestStep];
                  [order[i], order[j]] = [order[j] as number, order[i] as number];
                  setSteps(steps, order);
                }}
                onRemove={() =>
                  setSteps(
                    draft.steps.filter((_, j) => j !== i),
                    keys.filter((_, j) => j !== i),
                  )
                }
              />
            ))}
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setSteps([...draft.steps, { input: { digits: '1' } }], [...keys, ids.current++])}
              data-action="add-step"
            >
              {t('testEditor.addStep')}
            </Button>
          </Stack>
        </ScrollArea.Autosize>
        <Divider label={t('testEditor.fixtures')} labelPosition="left" />
        <FixturesEditor
          fixtures={draft.fixtures}
          answerable={answerable}
          onChange={(fixtures) => update({ fixtures })}
          onValidity={(node, valid) =>
            setInvalidFixtures((current) => {
              const next = new Set(current);
              if (valid) next.delete(node);
              else next.add(node);
              return next;
            })
          }
        />
        {problem && (
          <Alert color="red" variant="light">
            {problem}
          </Alert>
        )}
        {result && <CaseOutcome result={result} />}
        <Group justify="space-between">
          <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={run} data-action="run-edited-test">
            {t('testEditor.runEdited')}
          </Button>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button size="xs" onClick={save} data-action="save-test">
              {t('common.save')}
            </Button>
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {t('testEditor.saveHelp')}
        </Text>
      </Stack>
    </Modal>
  );
}
