import { ActionIcon, Button, Divider, Group, MultiSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useVariables } from '../../store/selectors.ts';
import { TextField } from '../../inspector/fields/TextField.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';
import { ContinueOnField } from './ContinueOnField.tsx';
import { SharedQueueNotice } from './SharedQueueNotice.tsx';

export function HandoffInspector({ node }: { node: NodeOf<'handoff'> }) {
  const { t } = useTranslation();
  const variables = useVariables();
  const contextError = useFieldError('context');
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  return (
    <Stack gap="md">
      <OptionalPrompt nodeId={node.id} field="prompt" prompt={node.prompt} label={t('nodes.handoff.prompt')} />
      <TextField nodeId={node.id} field="queue" label={t('nodes.handoff.queue')} description={t('nodes.handoff.queueHelp')} value={node.queue} monospace />
      <SharedQueueNotice nodeId={node.id} />
      <NumberField nodeId={node.id} field="priority" label={t('nodes.handoff.priority')} value={node.priority} min={0} max={999} />
      <TextField nodeId={node.id} field="reason" label={t('nodes.handoff.reason')} value={node.reason} />
      <MultiSelect
        size="xs"
        label={t('nodes.handoff.context')}
        description={t('nodes.handoff.contextHelp')}
        data={variables.map((v) => ({ value: v.name, label: v.sensitive ? `${v.name} 🔒` : v.name }))}
        value={node.context}
        error={contextError}
        onChange={(names) => set('context', names)}
      />
      {!node.continueOn && (
        <OptionalPrompt nodeId={node.id} field="callbackOfferPrompt" prompt={node.callbackOfferPrompt} label={t('nodes.handoff.callbackOffer')} description={t('nodes.handoff.callbackOfferHelp')} />
      )}
      <Divider />
      <ContinueOnField node={node} />
      <Divider label={t('nodes.handoff.priorityRules')} labelPosition="left" />
      {node.priorityRules.map((rule, i) => (
        <PriorityRuleRow
          key={i}
          nodeId={node.id}
          index={i}
          rule={rule}
          onRemove={() =>
            set(
              'priorityRules',
              node.priorityRules.filter((_, j) => j !== i),
            )
          }
        />
      ))}
      <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => set('priorityRules', [...node.priorityRules, { expression: 'segment == "vip"', priority: 1 }])}>
        {t('nodes.handoff.addRule')}
      </Button>
    </Stack>
  );
}

function PriorityRuleRow({ nodeId, index, rule, onRemove }: { nodeId: string; index: number; rule: { expression: string; priority: number }; onRemove(): void }) {
  const { t } = useTranslation();
  const error = useFieldError(`priorityRules.${index}.expression`);
  const set = (field: string, value: unknown) => documentActions().setNodeField(nodeId, `priorityRules.${index}.${field}`, value);
  return (
    <Group gap={4} wrap="nowrap" align="flex-end">
      <TextInput
        size="xs"
        style={{ flex: 1 }}
        className="monospace-input"
        label={t('nodes.condition.expression')}
        value={rule.expression}
        error={error}
        onChange={(e) => set('expression', e.currentTarget.value)}
      />
      <NumberInput size="xs" w={80} label={t('nodes.handoff.priority')} value={rule.priority} min={0} max={999} onChange={(v) => typeof v === 'number' && set('priority', v)} />
      <ActionIcon size="sm" mb={4} variant="subtle" color="red" aria-label={t('common.remove')} onClick={onRemove}>
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  );
}
