import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';
import { TextField } from '../../inspector/fields/TextField.tsx';

export function EndInspector({ node }: { node: NodeOf<'end'> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <OptionalPrompt nodeId={node.id} field="prompt" prompt={node.prompt} label={t('nodes.end.lastPrompt')} />
      <TextField nodeId={node.id} field="reason" label={t('nodes.end.reason')} description={t('nodes.end.reasonHelp')} value={node.reason} optional />
    </Stack>
  );
}
