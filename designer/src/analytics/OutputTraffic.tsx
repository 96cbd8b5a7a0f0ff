import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnalytics } from './analyticsStore.ts';
import { useFigureFormat } from './figureFormat.ts';

/** Beside an output's handle while the overlay is on: how many times callers left the node that way. */
export const OutputTraffic = memo(function OutputTraffic({ id, output }: { id: string; output: string }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const count = useAnalytics((s) => (s.overlay && s.traffic ? (s.traffic.nodes.get(id)?.exits[output] ?? 0) : null));
  if (count === null) return null;
  const label = t('analytics.node.exits', { count, n: format.count(count) });
  return (
    // An image of a figure: screen readers say the sentence ("3 exits this way"), not the bare number.
    <span role="img" className={`output-traffic${count === 0 ? ' none' : ''}`} data-output-traffic={count} title={label} aria-label={label}>
      {format.count(count)}
    </span>
  );
});
