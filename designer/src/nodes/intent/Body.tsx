import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

/** The question; the intents it understands are its output handles. */
export function IntentBody({ node, locale, fallbackLocale }: BodyProps<'intent'>) {
  const review = node.intents.some((i) => i.needsReview.length > 0);
  return (
    <>
      <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />
      {node.slots.length > 0 && <div className="node-meta">→ {node.slots.map((s) => s.variable).join(', ')}</div>}
      {review && <div className="node-meta node-review">⚠ review</div>}
    </>
  );
}
