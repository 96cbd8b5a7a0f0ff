import { ActionIcon, Button, Divider, Group, Paper, ScrollArea, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { VariableName, VariableType, type Variable } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useLocales, useVariables } from '../store/selectors.ts';
import { NodeSelect } from '../inspector/fields/NodeSelect.tsx';
import { uniqueId } from '../store/uniqueId.ts';
import { FolderAndCurrencyFields } from './FolderAndCurrencyFields.tsx';
import { AgentGoodbyeFields } from './AgentGoodbyeFields.tsx';

/** The flow's name, variables and settings (main menu, agent keywords, agents' goodbye, phone region). */
export function FlowPanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const name = useDocument((s) => s.doc?.name ?? '');
  const description = useDocument((s) => s.doc?.description ?? '');
  const settings = useDocument((s) => s.doc?.settings);
  const variables = useVariables();
  const locales = useLocales();
  const actions = documentActions();
  if (!settings) return null;
  return (
    <ScrollArea h="100%">
      <fieldset disabled={readOnly} className="inspector-fieldset">
        <Stack p="md" gap="md">
          <Text fw={600}>{t('flowPanel.title')}</Text>
          <TextInput size="xs" label={t('flows.name')} value={name} error={name.trim() ? undefined : t('flowPanel.nameRequired')} onChange={(e) => actions.setFlowName(e.currentTarget.value)} />
          <Textarea size="xs" label={t('flowPanel.description')} autosize minRows={2} value={description} onChange={(e) => actions.setFlowDescription(e.currentTarget.value)} />
          <Divider label={t('flowPanel.variables')} labelPosition="left" />
          <Text size="xs" c="dimmed">
            {t('flowPanel.variablesHelp')}
          </Text>
          {variables.map((v, i) => (
            <VariableRow key={i} variable={v} index={i} />
          ))}
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => actions.addVariable({ name: uniqueId('variable', new Set(variables.map((v) => v.name))).replace(/-/g, '_'), type: 'string', sensitive: false, persist: false })}
          >
            {t('flowPanel.addVariable')}
          </Button>
          <Divider label={t('flowPanel.settings')} labelPosition="left" />
          <NodeSelect label={t('flowPanel.mainMenuNode')} value={settings.mainMenuNode} clearable onChange={(id) => actions.updateSettings({ mainMenuNode: id ?? undefined })} />
          <NodeSelect label={t('flowPanel.agentNode')} value={settings.agentNode} clearable onChange={(id) => actions.updateSettings({ agentNode: id ?? undefined })} />
          {locales.map((l) => (
            <Group key={l.code} grow gap="xs" align="flex-start">
              <TagsInput
                size="xs"
                label={`${t('flowPanel.mainMenuWords')} · ${l.code}`}
                value={settings.keywords.mainMenu[l.code] ?? []}
                onChange={(words) => actions.updateSettings({ keywords: { ...settings.keywords, mainMenu: { ...settings.keywords.mainMenu, [l.code]: words } } })}
              />
              <TagsInput
                size="xs"
                label={`${t('flowPanel.agentWords')} · ${l.code}`}
                value={settings.keywords.agent[l.code] ?? []}
                onChange={(words) => actions.updateSettings({ keywords: { ...settings.keywords, agent: { ...settings.keywords.agent, [l.code]: words } } })}
              />
            </Group>
          ))}
          <TextInput
            size="xs"
            label={t('flowPanel.phoneRegion')}
            description={t('flowPanel.phoneRegionHelp')}
            value={settings.phoneRegion}
            maxLength={2}
            error={/^[A-Z]{2}$/.test(settings.phoneRegion) ? undefined : t('flowPanel.phoneRegionInvalid')}
            onChange={(e) => actions.updateSettings({ phoneRegion: e.currentTarget.value.toUpperCase() })}
          />
          <AgentGoodbyeFields />
          <FolderAndCurrencyFields />
        </Stack>
      </fieldset>
    </ScrollArea>
  );
}

function VariableRow({ variable, index }: { variable: Variable; index: number }) {
  const { t } = useTranslation();
  const actions = documentActions();
  const update = (patch: Partial<Variable>) => actions.updateVariable(index, patch);
  const nameOk = VariableName.safeParse(variable.name).success;
  return (
    <Paper withBorder p="xs" radius="sm" data-variable={variable.name}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label={t('flowPanel.variableName')}
          ff="monospace"
          value={variable.name}
          error={nameOk ? undefined : t('flowPanel.variableNameInvalid')}
          onChange={(e) => update({ name: e.currentTarget.value })}
        />
        <Select size="xs" w={110} label={t('flowPanel.variableType')} data={VariableType.options} value={variable.type} onChange={(v) => v && update({ type: v as Variable['type'] })} />
        <ActionIcon size="sm" mb={4} variant="subtle" color="red" onClick={() => actions.removeVariable(index)} aria-label={t('common.remove')}>
          <IconTrash size={14} />
        </ActionIcon>
      </Group>
      <Group gap="md" mt={6}>
        <Tooltip label={t('flowPanel.sensitiveHelp')} multiline w={260}>
          <Switch
            size="xs"
            label={
              <Group gap={4}>
                <IconLock size={12} />
                {t('flowPanel.sensitive')}
              </Group>
            }
            checked={variable.sensitive}
            onChange={(e) => update({ sensitive: e.currentTarget.checked })}
          />
        </Tooltip>
        <Tooltip label={t('flowPanel.persistHelp')} multiline w={260}>
          <Switch size="xs" label={t('flowPanel.persist')} checked={variable.persist} onChange={(e) => update({ persist: e.currentTarget.checked })} />
        </Tooltip>
      </Group>
    </Paper>
  );
}
