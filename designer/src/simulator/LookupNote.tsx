import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PreviewLookup } from '../api/types.ts';

/** One look-up in the simulator's transcript: what answered, the status, how long, and the way the flow went. */
export function LookupNote({ lookup }: { lookup: PreviewLookup }) {
  const { t } = useTranslation();
  const failed = lookup.outcome !== 'response' || lookup.output !== 'ok';
  const answer = lookup.outcome === 'response' ? `HTTP ${lookup.status ?? '?'}` : t(`simulator.lookupOutcome.${lookup.outcome}`);
  return (
    <Text size="xs" c={failed ? 'orange' : 'dimmed'} className="sim-note" data-lookup-note={lookup.node} title={lookup.message}>
      ⇄ {t('simulator.lookupAnswered', {
        node: lookup.node,
        source: t(`simulator.lookupSource.${lookup.source}`),
        answer,
        ms: Math.round(lookup.durationMs),
        output: lookup.output ? t(`outputs.${lookup.output}`, { defaultValue: lookup.output }) : '—',
      })}
      {lookup.message ? ` (${lookup.message})` : ''}
    </Text>
  );
}
