import { useState } from 'react';
import { Badge, Group, ScrollArea, SegmentedControl, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Flow, LintIssue } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { useCurrentLint, useLint } from './lintStore.ts';
import { describeIssue } from './describeIssue.ts';
import { issueWhere } from './issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';
import { DeclareVariableButton } from '../inspector/fields/DeclareVariableButton.tsx';
import { FlowTestsCheck, useFlowTestsCheck } from './FlowTestsCheck.tsx';

/** The variable an issue asks to declare, while it still is not (not a caller.* field: those cannot be declared). */
function undeclaredName(issue: LintIssue, doc: Flow | null | undefined): string | undefined {
  if (issue.code !== 'variable.undefined' && issue.code !== 'variable.undeclared') return undefined;
  const name = issue.params?.variable;
  if (!name || name.includes('.') || doc?.variables.some((v) => v.name === name)) return undefined;
  return name;
}

/** Goes to the issue: the node on the canvas, and the field in the inspector. */
export function revealIssue(issue: LintIssue): void {
  if (!issue.node) return;
  const canvas = canvasStore.getState();
  // An unconnected output stays chosen: a node added from the palette now is connected to it.
  canvas.focusNode(issue.node, issue.field?.startsWith('outputs.') ? issue.field.slice('outputs.'.length) : undefined);
  canvas.setPanel('inspector');
  if (issue.field) {
    setTimeout(() => {
      const field = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(issue.field as string)}"]`);
      field?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      field?.focus({ preventScroll: true });
    }, 150);
  }
}

/** Every lint issue of the document, updated as the editor types. */
export function ChecksPanel() {
  const { t } = useTranslation();
  useCurrentLint(true);
  const issues = useLint((s) => s.issues);
  const errors = useLint((s) => s.errors);
  const warnings = useLint((s) => s.warnings);
  const duration = useLint((s) => s.durationMs);
  const doc = useDocument((s) => s.doc);
  const tests = useFlowTestsCheck(doc);
  const [filter, setFilter] = useState<'all' | 'error' | 'warning'>('all');
  const shown = filter === 'all' ? issues : issues.filter((i) => i.severity === filter);
  return (
    <Stack gap={0} h="100%">
      <Stack p="md" gap="xs" className="panel-head">
        <Group justify="space-between">
          <Text fw={600}>{t('checks.title')}</Text>
          <Group gap={6}>
            <Badge color="red" variant={errors ? 'filled' : 'light'}>
              {t('checks.errorsCount', { count: errors })}
            </Badge>
            <Badge color="orange" variant="light">
              {t('checks.warningsCount', { count: warnings })}
            </Badge>
          </Group>
        </Group>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          data={[
            { value: 'all', label: t('checks.all') },
            { value: 'error', label: t('checks.errors') },
            { value: 'warning', label: t('checks.warnings') },
          ]}
        />
      </Stack>
      <ScrollArea style={{ flex: 1 }}>
        <FlowTestsCheck result={tests} />
        {issues.length === 0 ? (
          <Stack align="center" p="xl" gap="xs">
            <ThemeIcon size={44} radius="xl" color="teal" variant="light">
              <IconCircleCheck size={24} />
            </ThemeIcon>
            <Text fw={500}>{t('checks.none')}</Text>
            {/* Failing test cases stop its production: « peut être publié » would not be true. */}
            {!tests?.failing.length && (
              <Text size="sm" c="dimmed" ta="center">
                {t('checks.noneHint')}
              </Text>
            )}
          </Stack>
        ) : (
          <Stack gap={0}>
            {shown.map((issue, i) => (
              <div key={i} className="issue-item">
                <UnstyledButton className="issue-row" onClick={() => revealIssue(issue)} data-code={issue.code} data-node={issue.node} data-field={issue.field}>
                  <Group gap="sm" wrap="nowrap" align="flex-start">
                    {issue.severity === 'error' ? (
                      <IconCircleX size={18} color="var(--mantine-color-red-6)" style={{ flexShrink: 0, marginTop: 2 }} />
                    ) : (
                      <IconAlertTriangle size={18} color="var(--mantine-color-orange-6)" style={{ flexShrink: 0, marginTop: 2 }} />
                    )}
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm">{describeIssue(issue, t, doc)}</Text>
                      <Text size="xs" c="dimmed" className="issue-where">
                        {issueWhere(issue, doc, t)}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
                {undeclaredName(issue, doc) && (
                  <Group justify="flex-end" px="md" pb={6} className="issue-fix">
                    <DeclareVariableButton name={undeclaredName(issue, doc) as string} />
                  </Group>
                )}
              </div>
            ))}
          </Stack>
        )}
      </ScrollArea>
      <Text size="xs" c="dimmed" p="xs" ta="right" className="panel-foot">
        {t('checks.duration', { ms: duration.toFixed(1) })}
      </Text>
    </Stack>
  );
}
