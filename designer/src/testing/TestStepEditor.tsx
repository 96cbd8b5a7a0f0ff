import { useState } from 'react';
import { ActionIcon, Group, MultiSelect, Paper, Select, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Expectation, TestStep } from '@griot/flows';
import { INPUT_KINDS, INPUT_WITH_VALUE, inputKindOf, inputValueOf, linesOf, makeInput, parseVariablesJson, type InputKind } from './testCaseDraft.ts';

export interface StepEditorProps {
  index: number;
  step: TestStep;
  nodeIds: string[];
  locales: string[];
  /** This step is where the last run went otherwise than scripted. */
  diverged: boolean;
  onChange(step: TestStep): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

const listOf = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Drops the expectation fields left empty, so the saved case says only what is checked. */
function tidy(expect: Expectation): Expectation | undefined {
  const kept = Object.fromEntries(Object.entries(expect).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Expectation;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** One step of a test case: what the caller does, then what must be true. */
export function TestStepEditor({ index, step, nodeIds, locales, diverged, onChange, onMove, onRemove }: StepEditorProps) {
  const { t } = useTranslation();
  const expect = step.expect ?? {};
  const kind = inputKindOf(step.input);
  const [variablesText, setVariablesText] = useState(() => (expect.variables ? JSON.stringify(expect.variables) : ''));
  const [variablesError, setVariablesError] = useState<string | null>(null);

  const setInput = (nextKind: InputKind, value: string) => {
    const input = makeInput(nextKind, value);
    const { input: _old, ...rest } = step;
    onChange(input ? { ...rest, input } : rest);
  };
  const setExpect = (patch: Partial<Expectation>) => {
    const next = tidy({ ...expect, ...patch });
    const { expect: _old, ...rest } = step;
    onChange(next ? { ...rest, expect: next } : rest);
  };

  return (
    <Paper withBorder radius="md" p="xs" className={`test-step${diverged ? ' diverged' : ''}`} data-step={index + 1}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="xs" fw={700}>
            {index === 0 && !step.input ? t('testEditor.opening') : t('testEditor.step', { n: index + 1 })}
          </Text>
          <Group gap={2}>
            <Tooltip label={t('common.moveUp')}>
              <ActionIcon size="sm" variant="subtle" onClick={() => onMove(-1)} aria-label={t('common.moveUp')}>
                <IconArrowUp size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('common.moveDown')}>
              <ActionIcon size="sm" variant="subtle" onClick={() => onMove(1)} aria-label={t('common.moveDown')}>
                <IconArrowDown size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('common.remove')}>
              <ActionIcon size="sm" variant="subtle" color="red" onClick={onRemove} aria-label={t('testEditor.removeStep', { n: index + 1 })}>
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <Group gap="xs" grow wrap="nowrap">
          <Select
            size="xs"
            label={t('testEditor.input')}
            aria-label={t('testEditor.inputOf', { n: index + 1 })}
            value={kind}
            allowDeselect={false}
            data={INPUT_KINDS.map((k) => ({ value: k, label: t(`testEditor.inputKind.${k}`) }))}
            onChange={(v) => v && setInput(v as InputKind, inputValueOf(step.input))}
          />
          {kind === 'handoff' ? (
            <Select
              size="xs"
              label={t('testEditor.value')}
              value={inputValueOf(step.input) || 'done'}
              allowDeselect={false}
              data={['done', 'unavailable', 'callback', 'continued'].map((o) => ({ value: o, label: t(`outputs.${o}`) }))}
              onChange={(v) => v && setInput(kind, v)}
            />
          ) : (
            <TextInput
              size="xs"
              label={t('testEditor.value')}
              aria-label={t('testEditor.valueOf', { n: index + 1 })}
              disabled={!INPUT_WITH_VALUE.has(kind)}
              value={inputValueOf(step.input)}
              onChange={(e) => setInput(kind, e.currentTarget.value)}
            />
          )}
        </Group>
        <Group gap="xs" grow wrap="nowrap">
          <Select
            size="xs"
            searchable
            clearable
            label={t('testEditor.at')}
            aria-label={t('testEditor.atOf', { n: index + 1 })}
            data={nodeIds}
            value={expect.at ?? null}
            onChange={(v) => setExpect({ at: v ?? undefined })}
          />
          <Select
            size="xs"
            label={t('testEditor.ended')}
            data={[
              { value: '', label: '—' },
              { value: 'yes', label: t('testEditor.endedYes') },
              { value: 'no', label: t('testEditor.endedNo') },
            ]}
            value={expect.ended === undefined ? '' : expect.ended ? 'yes' : 'no'}
            allowDeselect={false}
            onChange={(v) => setExpect({ ended: v === 'yes' ? true : v === 'no' ? false : undefined })}
          />
          <Select size="xs" clearable label={t('testEditor.locale')} data={locales} value={expect.locale ?? null} onChange={(v) => setExpect({ locale: v ?? undefined })} />
        </Group>
        <Textarea
          size="xs"
          autosize
          minRows={1}
          label={t('testEditor.promptContains')}
          description={t('testEditor.onePerLine')}
          aria-label={t('testEditor.promptContainsOf', { n: index + 1 })}
          value={listOf(expect.promptContains).join('\n')}
          onChange={(e) => setExpect({ promptContains: linesOf(e.currentTarget.value) })}
        />
        {/* A recording by its place (node, language), which a new take under a new file name keeps passing. */}
        <MultiSelect
          size="xs"
          searchable
          clearable
          label={t('testEditor.played')}
          description={t('testEditor.playedHelp')}
          data={nodeIds.flatMap((node) => locales.map((locale) => ({ value: `${node}|${locale}`, label: `${node} · ${locale}` })))}
          value={(expect.played ?? []).map((p) => `${p.node}|${p.locale ?? ''}`)}
          onChange={(v) =>
            setExpect({
              played: v.map((slot) => {
                const [node = '', locale = ''] = slot.split('|');
                return locale ? { node, locale } : { node };
              }),
            })
          }
        />
        <MultiSelect size="xs" searchable clearable label={t('testEditor.reached')} data={nodeIds} value={expect.reached ?? []} onChange={(v) => setExpect({ reached: v })} />
        <Textarea
          size="xs"
          autosize
          minRows={1}
          ff="monospace"
          label={t('testEditor.variables')}
          placeholder='{"segment": "vip"}'
          value={variablesText}
          error={variablesError}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setVariablesText(text);
            const parsed = parseVariablesJson(text);
            setVariablesError(parsed.ok ? null : parsed.error);
            if (parsed.ok) setExpect({ variables: parsed.value });
          }}
        />
      </Stack>
    </Paper>
  );
}
