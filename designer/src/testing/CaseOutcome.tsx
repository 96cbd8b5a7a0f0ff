import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconFocus2, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CaseResult } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { describeTestProblem, describeTestStep } from './describeTestProblem.ts';

/** Shows where a failed case went otherwise: the node stands out on the canvas, which centres on it. */
export function showDivergence(result: CaseResult): void {
  const node = result.divergedAt?.node ?? null;
  canvasStore.getState().setDiverged(node);
  if (node) canvasStore.getState().focusNode(node);
}

/**
 * One case's result: passed, or its failures and where it went otherwise than scripted (the step,
 * and the node, which the button shows on the canvas).
 */
export function CaseOutcome({ result }: { result: CaseResult }) {
  const { t } = useTranslation();
  const diverged = result.divergedAt;
  return (
    <Stack gap={4} data-case-outcome={result.passed ? 'passed' : 'failed'}>
      <Group gap={6}>
        {result.passed ? (
          <Badge color="teal" leftSection={<IconCheck size={12} />}>
            {t('testEditor.passed')}
          </Badge>
        ) : (
          <Badge color="red" leftSection={<IconX size={12} />}>
            {t('testEditor.failed')}
          </Badge>
        )}
        {diverged && (
          <Text size="xs" data-diverged-node={diverged.node ?? ''}>
            {diverged.step === 0 ? t('testEditor.divergedOpening', { node: diverged.node ?? '—' }) : t('testEditor.divergedAt', { step: diverged.step, node: diverged.node ?? '—' })}
          </Text>
        )}
        {diverged?.node && (
          <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconFocus2 size={12} />} onClick={() => showDivergence(result)}>
            {t('testEditor.showOnCanvas')}
          </Button>
        )}
      </Group>
      {/* Worded in the editor's language; a report from an older server has only the English sentences. */}
      {result.problems
        ? result.problems.map((p, i) => (
            <Text key={i} size="xs" c="red" className="case-problem" data-code={p.code}>
              • {describeTestStep(p.step, t)} — {describeTestProblem(p, t)}
            </Text>
          ))
        : result.failures.map((f, i) => (
            <Text key={i} size="xs" c="red">
              • {f}
            </Text>
          ))}
    </Stack>
  );
}
