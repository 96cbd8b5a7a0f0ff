import { useTranslation } from 'react-i18next';
import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';
import { Bdi } from '../../i18n/Bdi.tsx';

/** The priority every contact gets unless told otherwise (the schema's default): not worth a word on the card. */
const DEFAULT_PRIORITY = 999;

export function HandoffBody({ node, locale, fallbackLocale }: BodyProps<'handoff'>) {
  const { t } = useTranslation();
  return (
    <>
      {node.prompt && <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />}
      <div className="node-meta">
        <code>
          <Bdi>{node.queue}</Bdi>
        </code>
        {node.priority !== DEFAULT_PRIORITY && <span data-priority={node.priority}> · {t('nodes.handoff.priorityShort', { n: node.priority })}</span>}
      </div>
    </>
  );
}
