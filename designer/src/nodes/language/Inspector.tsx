import { Button, Divider, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { ListItem } from '../shared/ListItem.tsx';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';

export function LanguageInspector({ node }: { node: NodeOf<'language'> }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const optionsError = useFieldError('options');
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  const unused = locales.find((l) => !node.options.some((o) => o.locale === l.code));
  return (
    <Stack gap="md">
      <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} description={t('nodes.language.promptHelp')} />
      <Divider label={t('nodes.language.options')} labelPosition="left" />
      {optionsError && (
        <Text size="xs" c="red">
          {optionsError}
        </Text>
      )}
      {node.options.map((option, i) => (
        <ListItem
          key={i}
          title={
            <Text size="xs" fw={600}>
              {locales.find((l) => l.code === option.locale)?.name ?? option.locale}
            </Text>
          }
          onRemove={
            node.options.length > 1
              ? () =>
                  set(
                    'options',
                    node.options.filter((_, j) => j !== i),
                  )
              : undefined
          }
        >
          <Group grow gap="xs">
            <Select
              size="xs"
              label={t('nodes.language.locale')}
              value={option.locale}
              data={locales.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
              onChange={(v) => v && set(`options.${i}.locale`, v)}
            />
            <TextInput size="xs" label={t('nodes.menu.key')} value={option.key} onChange={(e) => set(`options.${i}.key`, e.currentTarget.value)} />
          </Group>
        </ListItem>
      ))}
      {unused && (
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => set('options', [...node.options, { locale: unused.code, key: String(node.options.length + 1) }])}>
          {t('nodes.language.add', { name: unused.name })}
        </Button>
      )}
      <Switch size="xs" label={t('nodes.language.skipIfKnown')} checked={node.skipIfKnown} onChange={(e) => set('skipIfKnown', e.currentTarget.checked)} />
      <OptionalPrompt nodeId={node.id} field="noMatchPrompt" prompt={node.noMatchPrompt} label={t('nodes.menu.noMatchPrompt')} />
      <Group grow>
        <NumberField nodeId={node.id} field="maxRetries" label={t('fields.maxRetries')} value={node.maxRetries} min={0} max={5} />
        <NumberField nodeId={node.id} field="timeoutSeconds" label={t('fields.timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} suffix=" s" />
      </Group>
    </Stack>
  );
}
