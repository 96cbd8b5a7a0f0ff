import { useEffect, useState } from 'react';
import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseResult } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { FailingTestList } from '../testing/FailingTestList.tsx';

/**
 * In the production confirmation: the version's own tests, run by the server as the promotion
 * will run them, so the publisher sees a refusal coming, with the failing tests, before confirming.
 */
export function ProductionTestsCheck({ flowId, version, onOpenTest }: { flowId: string; version: number; onOpenTest(): void }) {
  const { t } = useTranslation();
  const [failing, setFailing] = useState<CaseResult[] | null>(null);
  const [unknown, setUnknown] = useState(false);
  const [total, setTotal] = useState(0);
  useEffect(() => {
    let live = true;
    flowsApi.runTests(flowId, version).then(
      (report) => {
        if (!live) return;
        setTotal(report.cases.length);
        setFailing(report.cases.filter((c) => !c.passed));
      },
      () => live && setUnknown(true), // the promotion still runs them and says so
    );
    return () => {
      live = false;
    };
  }, [flowId, version]);
  if (unknown) return null;
  if (failing === null) {
    return (
      <Group gap="xs" className="production-tests-running">
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          {t('environments.testsRunning')}
        </Text>
      </Group>
    );
  }
  if (total === 0) {
    // Said as the publication review says it (French counts 0 as one: it read « Le test de la version réussit »).
    return (
      <Text size="xs" c="dimmed" className="production-tests-none" data-production-tests="none">
        {t('publication.noTests')}
      </Text>
    );
  }
  if (failing.length === 0) {
    return (
      <Text size="xs" c="teal" className="production-tests-passed">
        {t('environments.testsPass', { count: total })}
      </Text>
    );
  }
  return (
    <Alert color="red" className="production-tests-failing" title={t('environments.testsWillRefuse', { count: failing.length, total })}>
      <Stack gap={6}>
        <FailingTestList tests={failing} onOpen={onOpenTest} />
      </Stack>
    </Alert>
  );
}
