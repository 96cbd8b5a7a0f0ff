import { useTranslation } from 'react-i18next';
import { useLint } from '../checks/lintStore.ts';

/**
 * A node's count of errors (or, without any, of warnings) found by the checks, in its card's header. Its own component: a
 * lint run (the one at open comes once the server has answered, after the cards are drawn) draws the badges again, not the cards.
 */
export function NodeIssueBadge({ id }: { id: string }) {
  const { t } = useTranslation();
  const errors = useLint((s) => s.byNode.get(id)?.errors ?? 0);
  const warnings = useLint((s) => s.byNode.get(id)?.warnings ?? 0);
  if (errors > 0) {
    return (
      <span className="node-badge error" title={t('checks.errorsCount', { count: errors })}>
        <span aria-hidden="true">{errors}</span>
        <span className="sr-only">{t('checks.errorsCount', { count: errors })}</span>
      </span>
    );
  }
  if (warnings === 0) return null;
  return (
    <span className="node-badge warning" title={t('checks.warningsCount', { count: warnings })}>
      <span aria-hidden="true">{warnings}</span>
      <span className="sr-only">{t('checks.warningsCount', { count: warnings })}</span>
    </span>
  );
}
