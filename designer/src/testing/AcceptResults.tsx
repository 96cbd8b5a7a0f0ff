import { useState } from 'react';
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecks } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TestCase, TestProblem } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { acceptCurrentResult, groupChanges, stillTested, type AcceptedChange } from './acceptResult.ts';

const NO_TESTS: TestCase[] = [];

/** A failing case as the runner reports it: its name and, per step, what was expected and what came. */
export interface FailingCase {
  name: string;
  problems?: TestProblem[];
  /** Where the case was among the draft's cases, and the case as it was run: accepted only while it is still that. */
  index?: number;
  tested?: TestCase;
}

/**
 * « Accepter le résultat actuel » for one failing case (`scope` one) or all of them: a confirmation
 * naming what changes (« File attendue : support-fr → entreprises, 13 tests »), then the draft's
 * cases take the values the flow gives now, as one edit (undo). Cases failing on a text, a
 * recording or an error are left to their editor (said in the confirmation). Nothing when no
 * failing case can be accepted this way. A result is accepted only on the case that was run, while
 * it is unchanged (`stillTested`): otherwise « Relancez les tests : le cas a changé depuis ».
 */
export function AcceptResults({ failing, scope, onAccepted }: { failing: readonly FailingCase[]; scope: 'one' | 'all'; onAccepted?(): void }) {
  const { t } = useTranslation();
  const tests = useDocument((s) => s.doc?.tests ?? NO_TESTS);
  const [confirming, setConfirming] = useState(false);
  const updates: Array<{ index: number; testCase: TestCase; changes: AcceptedChange[] }> = [];
  let byHand = 0;
  let changed = 0;
  for (const f of failing) {
    const index = f.index ?? -1;
    if (!stillTested(tests, index, f.tested)) {
      changed++;
      continue;
    }
    const accepted = f.problems ? acceptCurrentResult(tests[index] as TestCase, f.problems) : null;
    if (accepted) updates.push({ index, testCase: accepted.test, changes: accepted.changes });
    else byHand++;
  }
  if (updates.length === 0) {
    // Only results of cases changed since they ran: nothing to accept until they run again.
    return changed > 0 && byHand === 0 ? (
      <Text size="xs" c="orange" data-accept-stale={changed}>
        {t('acceptResult.stale')}
      </Text>
    ) : null;
  }
  const value = (c: AcceptedChange, v: string) => (c.what === 'ended' ? t(v === 'true' ? 'acceptResult.yes' : 'acceptResult.no') : v || t('acceptResult.none'));
  const accept = () => {
    documentActions().acceptTestResults(updates.map(({ index, testCase }) => ({ index, testCase })));
    setConfirming(false);
    notifications.show({ color: 'teal', message: t('acceptResult.done', { count: updates.length }) });
    onAccepted?.();
  };
  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        color="orange"
        leftSection={<IconChecks size={12} />}
        onClick={() => setConfirming(true)}
        data-action={scope === 'one' ? 'accept-result' : 'accept-results'}
        // A long label wraps in a narrow panel rather than being cut.
        styles={{ root: { height: 'auto', minHeight: 22, paddingBlock: 2 }, label: { whiteSpace: 'normal', textAlign: 'left' } }}
      >
        {scope === 'one' ? t('acceptResult.one') : t('acceptResult.all', { count: updates.length })}
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('acceptResult.title')} centered size="lg" zIndex={400}>
        <Stack gap="sm" className="accept-results-confirm">
          <Text size="sm">{t('acceptResult.help')}</Text>
          <List size="sm" spacing={4}>
            {groupChanges(updates.flatMap((u) => u.changes)).map((c, i) => (
              <List.Item key={i} data-accepted-change={c.what}>
                {t('acceptResult.change', { what: t(`acceptResult.what.${c.what}`, { name: c.name ?? '' }), from: value(c, c.from), to: value(c, c.to) })} (
                {t('acceptResult.tests', { count: c.tests })})
              </List.Item>
            ))}
          </List>
          {changed > 0 && scope === 'all' && (
            <Text size="xs" c="dimmed" data-accept-stale={changed}>
              {t('acceptResult.staleSome', { count: changed })}
            </Text>
          )}
          {byHand > 0 && scope === 'all' && (
            <Text size="xs" c="dimmed" data-accept-by-hand={byHand}>
              {t('acceptResult.byHand', { count: byHand })}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="orange" onClick={accept} data-action="confirm-accept">
              {t('acceptResult.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
