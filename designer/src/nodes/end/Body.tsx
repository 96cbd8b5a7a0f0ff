import { useTranslation } from 'react-i18next';
import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function EndBody({ node, locale, fallbackLocale }: BodyProps<'end'>) {
  const { t } = useTranslation();
  return (
    <>
      {node.prompt && <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />}
      {node.reason && <div className="node-meta">{t(`nodes.end.reasons.${node.reason}`, { defaultValue: node.reason })}</div>}
    </>
  );
}
