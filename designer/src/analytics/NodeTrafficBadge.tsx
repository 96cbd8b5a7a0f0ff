import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnalytics } from './analyticsStore.ts';
import { useFigureFormat } from './figureFormat.ts';
import { NO_TRAFFIC } from './trafficOverlay.ts';
import './overlay.css';

/**
 * Over a node on the canvas while the overlay is on: its visits, drop-offs and wrong answers in
 * the period, and a ring when it is among the worst. Drawn outside the card (no size change, so
 * React Flow measures nothing again); reads its own node's figures, so one node re-renders alone.
 */
export const NodeTrafficBadge = memo(function NodeTrafficBadge({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const traffic = useAnalytics((s) => (s.overlay && s.traffic ? (s.traffic.nodes.get(id) ?? NO_TRAFFIC) : null));
  if (!traffic) return null;
  const visits = t('analytics.node.visits', { count: traffic.visits, n: format.count(traffic.visits) });
  const dropOffs = t('analytics.node.dropOffs', { count: traffic.dropOffs, n: format.count(traffic.dropOffs), rate: format.percent(traffic.dropOffRate) });
  const noMatch = t('analytics.node.noMatch', { count: traffic.noMatch, n: format.count(traffic.noMatch) });
  const worst = traffic.worst ? t(`analytics.node.worst.${traffic.worst}`) : null;
  const parts = [visits, traffic.dropOffs > 0 && dropOffs, traffic.noMatch > 0 && noMatch, worst].filter(Boolean).join(' · ');
  return (
    <>
      {traffic.worst && <div className={`node-traffic-ring ${traffic.worst}`} aria-hidden="true" />}
      <div
        className={`node-traffic${traffic.visits === 0 ? ' none' : ''}${traffic.worst ? ` worst ${traffic.worst}` : ''}`}
        data-node-traffic={id}
        data-visits={traffic.visits}
        data-drop-offs={traffic.dropOffs}
        data-no-match={traffic.noMatch}
        data-worst={traffic.worst ?? undefined}
        title={parts}
        aria-label={parts}
        role="note"
      >
        <span className="nt-visits">{visits}</span>
        {traffic.dropOffs > 0 && <span className="nt-drop">{dropOffs}</span>}
        {traffic.noMatch > 0 && <span className="nt-nomatch">{noMatch}</span>}
      </div>
    </>
  );
});
