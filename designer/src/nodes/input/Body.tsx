import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function InputBody({ node, locale, fallbackLocale }: BodyProps<'input'>) {
  return (
    <>
      <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />
      <div className="node-meta">
        <code>{`{{${node.variable}}}`}</code> · {node.kind}
      </div>
    </>
  );
}
