import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Flow, Understanding } from '@griot/flows';
import { useDocument } from '../store/documentStore.ts';
import { useSimulator } from './simulatorStore.ts';

const percent = (value: number) => Math.round(value * 100);

/** The intent's (or menu option's) label in the flow's first language, else its id. */
function labelOf(doc: Flow | null, understanding: Understanding): string {
  const intent = understanding.intent;
  if (intent === null) return '';
  const node = doc?.nodes.find((n) => n.id === understanding.node);
  const first = doc?.locales[0]?.code ?? 'fr';
  const labels = node?.type === 'intent' ? node.intents.find((i) => i.id === intent)?.label : node?.type === 'menu' ? node.options.find((o) => o.id === intent)?.label : undefined;
  return labels?.[first] ?? intent;
}

/**
 * What the caller's last free words were understood as: the closest intent, its confidence against
 * the node's threshold, and who answered (the model, or the examples when no model is configured or
 * it failed). The simulator only: a subscriber never sees it.
 */
export function UnderstandingNotes() {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const turns = useSimulator((s) => s.turns);
  const last = [...turns].reverse().find((turn) => turn.understanding && turn.understanding.length > 0);
  if (!last?.understanding) return null;
  return (
    <Alert color="gray" variant="light" p="xs" title={t('simulator.understanding.title')} data-understanding>
      {last.understanding.map((u, i) => (
        <Text key={i} size="xs" data-understood-node={u.node} data-understood-intent={u.intent ?? ''} data-understood-source={u.source}>
          {u.intent === null ? t('simulator.understanding.none') : t('simulator.understanding.intent', { intent: labelOf(doc, u), confidence: percent(u.confidence), threshold: percent(u.threshold) })}
          {u.intent !== null && u.confidence < u.threshold ? ` — ${t('simulator.understanding.below')}` : ''}
          {' · '}
          {u.source === 'model'
            ? t('simulator.understanding.model')
            : u.model === 'unavailable'
              ? t('simulator.understanding.fallback')
              : t('simulator.understanding.modelFailed', { outcome: u.model })}
        </Text>
      ))}
    </Alert>
  );
}
