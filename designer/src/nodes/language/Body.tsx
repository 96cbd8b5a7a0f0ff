import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function LanguageBody({ node, locale, fallbackLocale }: BodyProps<'language'>) {
  return (
    <>
      <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />
      <div className="node-meta">{node.options.map((o) => `${o.key} ${o.locale}`).join(' · ')}</div>
    </>
  );
}
