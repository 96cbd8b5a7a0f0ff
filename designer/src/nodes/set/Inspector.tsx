import { Button, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { TextField } from '../../inspector/fields/TextField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { ListItem } from '../shared/ListItem.tsx';

export function SetInspector({ node }: { node: NodeOf<'set'> }) {
  const { t } = useTranslation();
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  return (
    <Stack gap="sm">
      {node.assignments.map((a, i) => {
        const mode = a.expression !== undefined ? 'expression' : 'value';
        return (
          <ListItem
            key={i}
            title={
              <Text size="xs" fw={600}>
                {t('nodes.set.assignment', { n: i + 1 })}
              </Text>
            }
            onRemove={
              node.assignments.length > 1
                ? () =>
                    set(
                      'assignments',
                      node.assignments.filter((_, j) => j !== i),
                    )
                : undefined
            }
          >
            <Stack gap={6}>
              <VariableInput nodeId={node.id} field={`assignments.${i}.variable`} label={t('nodes.set.variable')} value={a.variable} />
              <SegmentedControl
                size="xs"
                value={mode}
                data={[
                  { value: 'value', label: t('nodes.set.template') },
                  { value: 'expression', label: t('nodes.set.expression') },
                ]}
                onChange={(m) => set(`assignments.${i}`, m === 'expression' ? { variable: a.variable, expression: a.value ?? '' } : { variable: a.variable, value: a.expression ?? '' })}
              />
              <TextField
                nodeId={node.id}
                field={`assignments.${i}.${mode}`}
                label={mode === 'expression' ? t('nodes.set.expression') : t('nodes.set.template')}
                description={mode === 'expression' ? t('nodes.set.expressionHelp') : t('nodes.set.templateHelp')}
                value={mode === 'expression' ? a.expression : a.value}
                monospace
              />
            </Stack>
          </ListItem>
        );
      })}
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => set('assignments', [...node.assignments, { variable: '', value: '' }])}>
        {t('nodes.set.add')}
      </Button>
    </Stack>
  );
}
