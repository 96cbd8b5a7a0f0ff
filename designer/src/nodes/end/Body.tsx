import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function EndBody({ node, locale, fallbackLocale }: BodyProps<'end'>) {
  return (
    <>
      {node.prompt && <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />}
      {node.reason && <div className="node-meta">{node.reason}</div>}
    </>
  );
}
