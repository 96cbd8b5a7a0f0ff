import { ActionIcon, Button, Divider, Group, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Intent, NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';
import { LocalizedTextEditor } from '../../inspector/fields/LocalizedTextEditor.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { TextField } from '../../inspector/fields/TextField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { ListItem } from '../shared/ListItem.tsx';
import { newRowId } from '../../store/newRowId.ts';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';
import { ReviewMark } from '../../languages/ReviewMark.tsx';
import { SuggestTranslationsButton } from '../../languages/SuggestTranslationsButton.tsx';

const SLOT_KINDS = ['phone', 'amount', 'digits', 'text'];

export function IntentInspector({ node }: { node: NodeOf<'intent'> }) {
  const { t } = useTranslation();
  const actions = documentActions();
  const set = (field: string, value: unknown) => actions.setNodeField(node.id, field, value);
  return (
    <Stack gap="md">
      <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} description={t('nodes.intent.promptHelp')} />
      <Divider label={t('nodes.intent.intents')} labelPosition="left" />
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {t('suggest.intentHelp')}
        </Text>
        <SuggestTranslationsButton nodeIds={[node.id]} />
      </Group>
      {node.intents.map((intent, i) => (
        <IntentEditor key={i} nodeId={node.id} intent={intent} index={i} count={node.intents.length} />
      ))}
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => actions.addIntent(node.id)}>
        {t('nodes.intent.addIntent')}
      </Button>
      <Divider label={t('nodes.intent.slots')} labelPosition="left" />
      {node.slots.map((slot, i) => (
        <Group key={i} gap={4} wrap="nowrap" align="flex-end">
          <div style={{ flex: 1 }}>
            <VariableInput nodeId={node.id} field={`slots.${i}.variable`} label={t('nodes.set.variable')} value={slot.variable} />
          </div>
          <Select size="xs" w={110} label={t('nodes.input.kind')} data={SLOT_KINDS} value={slot.kind} onChange={(v) => v && set(`slots.${i}.kind`, v)} />
          <ActionIcon
            size="sm"
            mb={4}
            variant="subtle"
            color="red"
            aria-label={t('common.remove')}
            onClick={() =>
              set(
                'slots',
                node.slots.filter((_, j) => j !== i),
              )
            }
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => set('slots', [...node.slots, { id: newRowId('slots'), variable: '', kind: 'phone', description: '' }])}>
        {t('nodes.intent.addSlot')}
      </Button>
      <Divider label={t('nodes.menu.whenItGoesWrong')} labelPosition="left" />
      <NumberInput
        size="xs"
        label={t('nodes.intent.threshold')}
        description={t('nodes.intent.thresholdHelp')}
        value={node.threshold}
        min={0}
        max={1}
        step={0.05}
        decimalScale={2}
        onChange={(v) => typeof v === 'number' && set('threshold', v)}
      />
      <Switch size="xs" label={t('nodes.intent.allowDigits')} checked={node.allowDigits} onChange={(e) => set('allowDigits', e.currentTarget.checked)} />
      <OptionalPrompt nodeId={node.id} field="noInputPrompt" prompt={node.noInputPrompt} label={t('nodes.menu.noInputPrompt')} />
      <OptionalPrompt nodeId={node.id} field="noMatchPrompt" prompt={node.noMatchPrompt} label={t('nodes.intent.noMatchPrompt')} />
      <Group grow>
        <NumberField nodeId={node.id} field="maxRetries" label={t('fields.maxRetries')} value={node.maxRetries} min={0} max={5} />
        <NumberField nodeId={node.id} field="timeoutSeconds" label={t('fields.timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} suffix=" s" />
      </Group>
      <NumberField nodeId={node.id} field="classifierTimeoutMs" label={t('nodes.intent.classifierTimeout')} value={node.classifierTimeoutMs} min={200} max={15000} suffix=" ms" />
    </Stack>
  );
}

function IntentEditor({ nodeId, intent, index, count }: { nodeId: string; intent: Intent; index: number; count: number }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const actions = documentActions();
  const idError = useFieldError(`intents.${index}.id`);
  const set = (field: string, value: unknown) => actions.setNodeField(nodeId, `intents.${index}.${field}`, value);
  return (
    <ListItem
      title={
        <Text size="xs" fw={600}>
          {t('nodes.intent.intent', { n: index + 1 })}
        </Text>
      }
      onRemove={count > 1 ? () => actions.removeOutput(nodeId, index) : undefined}
      onMove={(by) => actions.moveOutput(nodeId, index, by)}
      first={index === 0}
      last={index === count - 1}
    >
      <Stack gap={6}>
        <TextInput size="xs" label={t('nodes.condition.branchId')} value={intent.id} error={idError} onChange={(e) => actions.renameOutput(nodeId, index, e.currentTarget.value)} />
        <Text size="xs" fw={500}>
          {t('nodes.intent.label')}
        </Text>
        <LocalizedTextEditor nodeId={nodeId} field={`intents.${index}.label`} value={intent.label} />
        <TextField nodeId={nodeId} field={`intents.${index}.description`} label={t('nodes.intent.meaning')} value={intent.description} />
        {locales.map((l) => (
          <IntentExamples key={l.code} nodeId={nodeId} index={index} locale={l.code} intent={intent} onChange={(words) => set(`examples.${l.code}`, words.length ? words : undefined)} />
        ))}
      </Stack>
    </ListItem>
  );
}

function IntentExamples({ nodeId, index, locale, intent, onChange }: { nodeId: string; index: number; locale: string; intent: Intent; onChange(words: string[]): void }) {
  const { t } = useTranslation();
  const error = useFieldError(`intents.${index}.examples.${locale}`);
  const review = intent.needsReview.includes(locale);
  return (
    <Stack gap={2} data-intent-examples={`${intent.id}.${locale}`}>
      <TagsInput size="xs" label={`${t('nodes.intent.examples')} · ${locale}`} value={intent.examples[locale] ?? []} error={error} onChange={onChange} />
      {/* One mark covers the intent's label and examples in that language. */}
      {review && <ReviewMark hint={t('suggest.intentReviewHint')} onReviewed={() => documentActions().markIntentReviewed(nodeId, index, locale)} />}
    </Stack>
  );
}
