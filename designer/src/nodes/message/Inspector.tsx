import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';

export function MessageInspector({ node }: { node: NodeOf<'message'> }) {
  const { t } = useTranslation();
  return <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} description={t('nodes.message.promptHelp')} />;
}
