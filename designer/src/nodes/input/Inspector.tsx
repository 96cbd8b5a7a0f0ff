import { Divider, Group, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InputKind, NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';

const KINDS: InputKind[] = ['digits', 'number', 'phone', 'text'];

export function InputInspector({ node }: { node: NodeOf<'input'> }) {
  const { t } = useTranslation();
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  const digits = node.kind === 'digits' || node.kind === 'phone' || node.kind === 'number';
  return (
    <Stack gap="md">
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('nodes.input.kind')}
        </Text>
        <SegmentedControl size="xs" fullWidth value={node.kind} data={KINDS.map((k) => ({ value: k, label: t(`nodes.input.kinds.${k}`) }))} onChange={(v) => set('kind', v)} />
      </div>
      <VariableInput nodeId={node.id} field="variable" label={t('nodes.input.variable')} value={node.variable} />
      <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} />
      <Divider label={t('nodes.input.validation')} labelPosition="left" />
      {node.kind === 'number' ? (
        <Group grow>
          <NumberField nodeId={node.id} field="validation.min" label={t('nodes.input.min')} value={node.validation.min} optional />
          <NumberField nodeId={node.id} field="validation.max" label={t('nodes.input.max')} value={node.validation.max} optional />
        </Group>
      ) : (
        <Group grow>
          <NumberField nodeId={node.id} field="validation.minLength" label={t('nodes.input.minLength')} value={node.validation.minLength} min={0} max={64} optional />
          <NumberField nodeId={node.id} field="validation.maxLength" label={t('nodes.input.maxLength')} value={node.validation.maxLength} min={1} max={256} optional />
        </Group>
      )}
      {digits && (
        <div>
          <Text size="xs" fw={500} mb={4}>
            {t('nodes.input.finishOnKey')}
          </Text>
          <SegmentedControl
            size="xs"
            value={node.finishOnKey === '' ? 'none' : node.finishOnKey}
            data={[
              { value: '#', label: '#' },
              { value: '*', label: '*' },
              { value: 'none', label: t('common.none') },
            ]}
            onChange={(v) => set('finishOnKey', v === 'none' ? '' : v)}
          />
        </div>
      )}
      {node.kind === 'phone' && (
        <Switch
          size="xs"
          label={t('nodes.input.linkCaller')}
          description={t('nodes.input.linkCallerHelp')}
          checked={node.linkCaller ?? false}
          onChange={(e) => set('linkCaller', e.currentTarget.checked || undefined)}
        />
      )}
      <Divider label={t('nodes.menu.whenItGoesWrong')} labelPosition="left" />
      <OptionalPrompt nodeId={node.id} field="noInputPrompt" prompt={node.noInputPrompt} label={t('nodes.menu.noInputPrompt')} />
      <OptionalPrompt nodeId={node.id} field="invalidPrompt" prompt={node.invalidPrompt} label={t('nodes.input.invalidPrompt')} />
      <Group grow>
        <NumberField nodeId={node.id} field="maxRetries" label={t('fields.maxRetries')} value={node.maxRetries} min={0} max={5} />
        <NumberField nodeId={node.id} field="timeoutSeconds" label={t('fields.timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} suffix=" s" />
      </Group>
      <Switch size="xs" label={t('fields.bargeIn')} checked={node.bargeIn} onChange={(e) => set('bargeIn', e.currentTarget.checked)} />
    </Stack>
  );
}
