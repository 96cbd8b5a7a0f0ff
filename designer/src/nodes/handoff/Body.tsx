import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function HandoffBody({ node, locale, fallbackLocale }: BodyProps<'handoff'>) {
  return (
    <>
      {node.prompt && <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />}
      <div className="node-meta">
        <code>{node.queue}</code> · P{node.priority}
      </div>
    </>
  );
}
