import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

/** The menu's prompt; its options are the node's output handles. */
export function MenuBody({ node, locale, fallbackLocale }: BodyProps<'menu'>) {
  return <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />;
}
