import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

export function MessageBody({ node, locale, fallbackLocale }: BodyProps<'message'>) {
  return <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />;
}
