import { useEffect, useState } from 'react';
import { Alert, Button, List, Text } from '@mantine/core';
import { IconCircleCheck, IconFlask } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { runTestsLocally } from '../testing/runTestsLocally.ts';

/** The flow's own test cases, run on the document on screen: how many, and the names of those that fail. */
export interface FlowTestsResult {
  total: number;
  failing: string[];
}

/** A moment after the last change: the 1919 flow's 36 cases take about a tenth of a second. */
const SETTLE_MS = 600;

/**
 * While « Vérif. » is open, the flow's test cases run in the browser a moment after each change, so
 * an edit that breaks one (an option « Mon solde » beside « Solde »: « je veux mon solde » now names
 * two options, and is asked again) is said as it is made, not only when the production's publication replays them and refuses.
 * Null while none has run, or when the flow has no case (or is not a flow yet: lint says why).
 */
export function useFlowTestsCheck(doc: Flow | null | undefined): FlowTestsResult | null {
  const [result, setResult] = useState<FlowTestsResult | null>(null);
  useEffect(() => {
    if (!doc || doc.tests.length === 0) {
      setResult(null);
      return;
    }
    const timer = setTimeout(() => {
      const ran = runTestsLocally(doc);
      setResult(ran.ok ? { total: ran.report.cases.length, failing: ran.report.cases.filter((c) => !c.passed).map((c) => c.name) } : null);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [doc]);
  return result;
}

const SHOWN = 3;

/** « 2 tests du parcours échouent sur 36 » and their names, with the way to the « Tests » panel; a line when all pass. */
export function FlowTestsCheck({ result }: { result: FlowTestsResult | null }) {
  const { t } = useTranslation();
  if (!result) return null;
  if (result.failing.length === 0)
    return (
      <Text size="xs" c="dimmed" px="md" py={6} className="flow-tests-check" data-failing={0}>
        <IconCircleCheck size={12} color="var(--mantine-color-teal-6)" style={{ verticalAlign: -2 }} /> {t('checks.tests.passing', { count: result.total })}
      </Text>
    );
  const more = result.failing.length - SHOWN;
  return (
    <Alert
      color="red"
      variant="light"
      mx="md"
      my="xs"
      p="xs"
      icon={<IconFlask size={16} />}
      title={t('checks.tests.failing', { count: result.failing.length, total: result.total })}
      className="flow-tests-check"
      data-failing={result.failing.length}
    >
      <Text size="xs">{t('checks.tests.why')}</Text>
      <List size="xs" mt={4}>
        {result.failing.slice(0, SHOWN).map((name) => (
          <List.Item key={name}>{name}</List.Item>
        ))}
      </List>
      {more > 0 && (
        <Text size="xs" c="dimmed">
          {t('checks.tests.more', { count: more })}
        </Text>
      )}
      <Button size="compact-xs" variant="light" color="red" mt={6} onClick={() => canvasStore.getState().setPanel('tests')} data-action="open-tests">
        {t('checks.tests.open')}
      </Button>
    </Alert>
  );
}
