import { ActionIcon, Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Branch, NodeOf, Rule, RuleOperator } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { TextField } from '../../inspector/fields/TextField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { ListItem } from '../shared/ListItem.tsx';

const OPERATORS: RuleOperator[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'in', 'isSet', 'isNotSet'];

export function ConditionInspector({ node }: { node: NodeOf<'condition'> }) {
  const { t } = useTranslation();
  const actions = documentActions();
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {t('nodes.condition.help')}
      </Text>
      {node.branches.map((branch, i) => (
        <BranchEditor key={i} nodeId={node.id} branch={branch} index={i} count={node.branches.length} />
      ))}
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => actions.addBranch(node.id)}>
        {t('nodes.condition.addBranch')}
      </Button>
    </Stack>
  );
}

function BranchEditor({ nodeId, branch, index, count }: { nodeId: string; branch: Branch; index: number; count: number }) {
  const { t } = useTranslation();
  const actions = documentActions();
  const idError = useFieldError(`branches.${index}.id`);
  const emptyError = useFieldError(`branches.${index}`);
  const set = (field: string, value: unknown) => actions.setNodeField(nodeId, `branches.${index}.${field}`, value);
  return (
    <ListItem
      title={
        <Text size="xs" fw={600}>
          {t('nodes.condition.branch', { n: index + 1 })}
        </Text>
      }
      onRemove={count > 1 ? () => actions.removeOutput(nodeId, index) : undefined}
      onMove={(by) => actions.moveOutput(nodeId, index, by)}
      first={index === 0}
      last={index === count - 1}
    >
      <Stack gap={6}>
        <Group grow gap="xs">
          <TextInput size="xs" label={t('nodes.condition.branchId')} value={branch.id} error={idError} onChange={(e) => actions.renameOutput(nodeId, index, e.currentTarget.value)} />
          <TextField nodeId={nodeId} field={`branches.${index}.label`} label={t('fields.label')} value={branch.label} optional />
        </Group>
        {emptyError && (
          <Text size="xs" c="red">
            {emptyError}
          </Text>
        )}
        <SegmentedControl
          size="xs"
          value={branch.match}
          data={[
            { value: 'all', label: t('nodes.condition.all') },
            { value: 'any', label: t('nodes.condition.any') },
          ]}
          onChange={(v) => set('match', v)}
        />
        {branch.rules.map((rule, j) => (
          <RuleEditor
            key={j}
            nodeId={nodeId}
            path={`branches.${index}.rules.${j}`}
            rule={rule}
            onRemove={() =>
              set(
                'rules',
                branch.rules.filter((_, k) => k !== j),
              )
            }
          />
        ))}
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => set('rules', [...branch.rules, { variable: '', operator: 'eq', value: '' }])}>
          {t('nodes.condition.addRule')}
        </Button>
        <TextField
          nodeId={nodeId}
          field={`branches.${index}.expression`}
          label={t('nodes.condition.expression')}
          description={t('nodes.condition.expressionHelp')}
          value={branch.expression}
          optional
          monospace
        />
      </Stack>
    </ListItem>
  );
}

function RuleEditor({ nodeId, path, rule, onRemove }: { nodeId: string; path: string; rule: Rule; onRemove(): void }) {
  const { t } = useTranslation();
  const set = (field: string, value: unknown) => documentActions().setNodeField(nodeId, `${path}.${field}`, value);
  const needsValue = rule.operator !== 'isSet' && rule.operator !== 'isNotSet';
  const value = Array.isArray(rule.value) ? rule.value.join(', ') : rule.value === undefined ? '' : String(rule.value);
  return (
    <Group gap={4} wrap="nowrap" align="flex-end">
      <div style={{ flex: 2 }}>
        <VariableInput nodeId={nodeId} field={`${path}.variable`} label={t('nodes.condition.variable')} value={rule.variable} withCaller />
      </div>
      <Select
        size="xs"
        style={{ flex: 1.3 }}
        label={t('nodes.condition.operator')}
        value={rule.operator}
        data={OPERATORS.map((o) => ({ value: o, label: t(`nodes.condition.operators.${o}`) }))}
        onChange={(v) => v && set('operator', v)}
      />
      {needsValue && (
        <TextInput
          size="xs"
          style={{ flex: 1.5 }}
          label={t('nodes.condition.value')}
          value={value}
          onChange={(e) => {
            const text = e.currentTarget.value;
            set(
              'value',
              rule.operator === 'in'
                ? text
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : text,
            );
          }}
        />
      )}
      <ActionIcon size="sm" variant="subtle" color="red" mb={4} onClick={onRemove} aria-label={t('common.remove')}>
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  );
}
