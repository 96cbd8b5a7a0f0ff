import { Stack, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { canvasStore } from '../../canvas/canvasStore.ts';
import { NodeSelect } from '../../inspector/fields/NodeSelect.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';

export function GotoInspector({ node }: { node: NodeOf<'goto'> }) {
  const { t } = useTranslation();
  const error = useFieldError('target');
  return (
    <Stack gap="sm">
      <NodeSelect label={t('nodes.goto.target')} value={node.target} exclude={node.id} error={error} onChange={(id) => id && documentActions().setNodeField(node.id, 'target', id)} />
      <Button size="xs" variant="light" onClick={() => canvasStore.getState().focusNode(node.target)}>
        {t('nodes.goto.show')}
      </Button>
    </Stack>
  );
}
