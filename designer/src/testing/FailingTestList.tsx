import { Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { IconTestPipe } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TestCase, TestProblem } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { describeTestProblem, describeTestStep } from './describeTestProblem.ts';
import { useTestsFocus } from './testsFocusStore.ts';
import { AcceptResults } from './AcceptResults.tsx';

/** A failing case as a report gives it (the server's 422 `failures`, or a run in the browser). */
export interface FailingTest {
  name: string;
  /** The runner's English sentences: shown only when `problems` is absent (an older server). */
  failures?: string[];
  problems?: TestProblem[];
  divergedAt?: { step: number; node: string | null };
  /** Where the case is among the draft's cases and the case as run, for « Accepter le résultat actuel ». */
  index?: number;
  tested?: TestCase;
}

/** Opens the Tests panel on that case, with the node where it went otherwise shown on the canvas. */
export function showTestCase(test: FailingTest): void {
  canvasStore.getState().setPanel('tests');
  useTestsFocus.getState().focus(test.name);
  const node = test.divergedAt?.node ?? null;
  canvasStore.getState().setDiverged(node);
}

/**
 * Each failing test by name, with its steps' expected and actual outcomes, and a way to open it;
 * `canAccept` (an editor, the draft's own cases): « Accepter le résultat actuel » for each and for all.
 */
export function FailingTestList({ tests, onOpen, canAccept = false }: { tests: FailingTest[]; onOpen?(): void; canAccept?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {canAccept && (
        <Group>
          <AcceptResults failing={tests} scope="all" />
        </Group>
      )}
      <ScrollArea.Autosize mah={320}>
        <Stack gap={8} className="failing-tests">
          {tests.map((test) => (
            <Stack key={test.name} gap={2} className="failing-test" data-test={test.name}>
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Text size="sm" fw={600} className="failing-test-name">
                  {test.name}
                </Text>
                <Button
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconTestPipe size={12} />}
                  style={{ flexShrink: 0 }}
                  data-action="open-test"
                  onClick={() => {
                    showTestCase(test);
                    onOpen?.();
                  }}
                >
                  {t('testProblem.open')}
                </Button>
              </Group>
              {canAccept && (
                <Group>
                  <AcceptResults failing={[test]} scope="one" />
                </Group>
              )}
              {test.problems
                ? test.problems.map((p, i) => (
                    <Text key={i} size="xs" className="failing-step" data-code={p.code} data-step={p.step}>
                      <b>{describeTestStep(p.step, t)}</b> — {describeTestProblem(p, t)}
                    </Text>
                  ))
                : (test.failures ?? []).map((f, i) => (
                    <Text key={i} size="xs" className="failing-step">
                      {f}
                    </Text>
                  ))}
            </Stack>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </>
  );
}
