import { useState } from 'react';
import { Button, Divider, Group, Stack, Switch, TagsInput, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MenuOption, NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { PromptEditor } from '../../inspector/fields/PromptEditor.tsx';
import { LocalizedTextEditor } from '../../inspector/fields/LocalizedTextEditor.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { ListItem } from '../shared/ListItem.tsx';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';

export function MenuInspector({ node }: { node: NodeOf<'menu'> }) {
  const { t } = useTranslation();
  const optionsError = useFieldError('options');
  return (
    <Stack gap="md">
      <PromptEditor nodeId={node.id} field="prompt" prompt={node.prompt} label={t('fields.prompt')} description={t('nodes.menu.promptHelp')} />
      <Divider label={t('nodes.menu.options')} labelPosition="left" />
      {optionsError && (
        <Text size="xs" c="red">
          {optionsError}
        </Text>
      )}
      <Stack gap="xs">
        {node.options.map((option, i) => (
          <OptionEditor key={i} nodeId={node.id} option={option} index={i} count={node.options.length} />
        ))}
      </Stack>
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => documentActions().addMenuOption(node.id)}>
        {t('nodes.menu.addOption')}
      </Button>
      <Divider label={t('nodes.menu.whenItGoesWrong')} labelPosition="left" />
      <OptionalPrompt nodeId={node.id} field="noInputPrompt" prompt={node.noInputPrompt} label={t('nodes.menu.noInputPrompt')} />
      <OptionalPrompt nodeId={node.id} field="noMatchPrompt" prompt={node.noMatchPrompt} label={t('nodes.menu.noMatchPrompt')} />
      <Group grow>
        <NumberField nodeId={node.id} field="maxRetries" label={t('fields.maxRetries')} value={node.maxRetries} min={0} max={5} />
        <NumberField nodeId={node.id} field="timeoutSeconds" label={t('fields.timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} suffix=" s" />
      </Group>
      <Switch size="xs" label={t('fields.bargeIn')} checked={node.bargeIn} onChange={(e) => documentActions().setNodeField(node.id, 'bargeIn', e.currentTarget.checked)} />
    </Stack>
  );
}

function OptionEditor({ nodeId, option, index, count }: { nodeId: string; option: MenuOption; index: number; count: number }) {
  const { t } = useTranslation();
  const [showSynonyms, setShowSynonyms] = useState(false);
  const keyError = useFieldError(`options.${index}.key`);
  const idError = useFieldError(`options.${index}.id`);
  const locales = useLocales();
  const actions = documentActions();
  return (
    <ListItem
      title={
        <Text size="xs" fw={600}>
          {t('nodes.menu.option', { n: index + 1 })}
        </Text>
      }
      onRemove={count > 1 ? () => actions.removeOutput(nodeId, index) : undefined}
      onMove={(by) => actions.moveOutput(nodeId, index, by)}
      first={index === 0}
      last={index === count - 1}
    >
      <Stack gap={6}>
        <Group gap="xs" grow wrap="nowrap" align="flex-start">
          <TextInput
            size="xs"
            label={t('nodes.menu.key')}
            value={option.key}
            error={keyError}
            maw={70}
            data-field={`options.${index}.key`}
            onChange={(e) => actions.setNodeField(nodeId, `options.${index}.key`, e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            label={t('nodes.menu.optionId')}
            description={undefined}
            value={option.id}
            error={idError}
            data-field={`options.${index}.id`}
            onChange={(e) => actions.renameOutput(nodeId, index, e.currentTarget.value)}
          />
        </Group>
        <Text size="xs" fw={500}>
          {t('nodes.menu.label')}
        </Text>
        <LocalizedTextEditor nodeId={nodeId} field={`options.${index}.label`} value={option.label} />
        <UnstyledButton onClick={() => setShowSynonyms((s) => !s)}>
          <Text size="xs" c="blue">
            {showSynonyms ? t('nodes.menu.hideSynonyms') : t('nodes.menu.showSynonyms')}
          </Text>
        </UnstyledButton>
        {showSynonyms &&
          locales.map((l) => (
            <TagsInput
              key={l.code}
              size="xs"
              label={`${t('nodes.menu.synonyms')} · ${l.code}`}
              value={option.synonyms[l.code] ?? []}
              onChange={(words) => actions.setNodeField(nodeId, `options.${index}.synonyms.${l.code}`, words.length ? words : undefined)}
            />
          ))}
      </Stack>
    </ListItem>
  );
}
