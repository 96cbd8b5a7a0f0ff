import { ActionIcon, Button, Divider, Group, Paper, ScrollArea, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { IconLock, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { lookupAnswersOf, RESERVED_VARIABLE_NAMES, VariableName, VariableType, type Flow, type RenameRefusal, type Variable } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useLocales, useVariables } from '../store/selectors.ts';
import { NodeSelect } from '../inspector/fields/NodeSelect.tsx';
import { uniqueId } from '../store/uniqueId.ts';
import { FolderAndCurrencyFields } from './FolderAndCurrencyFields.tsx';
import { AgentGoodbyeFields } from './AgentGoodbyeFields.tsx';
import { sensitivityPatch } from './sensitivityPatch.ts';

/** The flow's name, variables and settings (main menu, agent keywords, agents' goodbye, phone region). */
export function FlowPanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const name = useDocument((s) => s.doc?.name ?? '');
  const description = useDocument((s) => s.doc?.description ?? '');
  const settings = useDocument((s) => s.doc?.settings);
  const variables = useVariables();
  const locales = useLocales();
  const actions = documentActions();
  const doc = useDocument((s) => s.doc);
  // Which look-up fills each variable: its answer is sensitive unless the author keeps it in clear.
  const answers = useMemo(() => (doc ? lookupAnswersOf(doc as Flow) : new Map<string, { node: string }>()), [doc]);
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
            <VariableRow key={i} variable={v} index={i} fetchedBy={answers.get(v.name)?.node} />
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

/**
 * `fetchedBy`: the look-up whose answer the variable receives. Such a variable is sensitive by
 * default (its switch shows on without `sensitive`); turning it off says the answer is not account
 * data (`keptInClear`), turning it on again takes that back (sensitivityPatch). One remembered across contacts is
 * kept in clear, as the editor asked.
 */
function VariableRow({ variable, index, fetchedBy }: { variable: Variable; index: number; fetchedBy: string | undefined }) {
  const { t } = useTranslation();
  const actions = documentActions();
  const update = (patch: Partial<Variable>) => actions.updateVariable(index, patch);
  const answer = fetchedBy !== undefined && !variable.sensitive;
  const sensitive = variable.sensitive || (answer && !variable.keptInClear && !variable.persist);
  const answerNote = !answer ? undefined : variable.persist ? 'lookupAnswerPersisted' : variable.keptInClear ? 'lookupAnswerKept' : 'lookupAnswer';
  const setSensitive = (on: boolean) => update(sensitivityPatch(variable, fetchedBy !== undefined, on));
  return (
    <Paper withBorder p="xs" radius="sm" data-variable={variable.name}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <VariableNameField name={variable.name} />
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
            checked={sensitive}
            onChange={(e) => setSensitive(e.currentTarget.checked)}
          />
        </Tooltip>
        <Tooltip label={t('flowPanel.persistHelp')} multiline w={260}>
          <Switch size="xs" label={t('flowPanel.persist')} checked={variable.persist} onChange={(e) => update({ persist: e.currentTarget.checked })} />
        </Tooltip>
      </Group>
      {answerNote && (
        <Text size="xs" c="dimmed" mt={4} data-lookup-answer={answerNote}>
          {t(`flowPanel.${answerNote}`, { node: fetchedBy })}
        </Text>
      )}
    </Paper>
  );
}

/**
 * The variable's name: typing changes only the field; « Renommer » (or Entrée, or leaving the
 * field) renames the variable with every use of it in the flow (prompts in every language,
 * conditions, mappings, tests…), one step that Ctrl+Z takes back whole, and says how many uses
 * followed. A name taken, reserved or invalid is said under the field and nothing changes.
 */
function VariableNameField({ name }: { name: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(name);
  const [refusal, setRefusal] = useState<RenameRefusal | null>(null);
  const [followed, setFollowed] = useState<{ from: string; to: string; uses: number } | null>(null);
  // The name changed elsewhere (an undo, a colleague's draft merged in): the field shows it.
  useEffect(() => {
    setDraft(name);
    setRefusal(null);
  }, [name]);
  const others = useVariables();
  const changed = draft !== name;
  // What the rename would refuse, said while typing: the same rules as `renameVariable`'s.
  const problem: RenameRefusal | null = !changed
    ? null
    : !VariableName.safeParse(draft).success
      ? 'invalid'
      : (RESERVED_VARIABLE_NAMES as readonly string[]).includes(draft)
        ? 'reserved'
        : others.some((v) => v.name === draft)
          ? 'taken'
          : refusal;
  const rename = () => {
    if (!changed || problem) return;
    const result = documentActions().renameVariable(name, draft);
    if (!result.ok) return setRefusal(result.reason);
    setRefusal(null);
    setFollowed({ from: name, to: draft, uses: result.uses });
  };
  const error = problem === null || problem === 'unknown' ? undefined : t(`flowPanel.renameRefused.${problem}`, { name: draft });
  return (
    <Stack gap={2} style={{ flex: 1 }}>
      <Group gap={4} wrap="nowrap" align="flex-end">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label={t('flowPanel.variableName')}
          ff="monospace"
          value={draft}
          error={error}
          onChange={(e) => {
            setDraft(e.currentTarget.value);
            setRefusal(null);
            setFollowed(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') rename();
            if (e.key === 'Escape') setDraft(name);
          }}
          onBlur={rename}
        />
        {changed && (
          <Button size="xs" variant="light" mb={error ? 22 : 0} disabled={problem !== null} leftSection={<IconPencil size={14} />} onMouseDown={(e) => e.preventDefault()} onClick={rename}>
            {t('flowPanel.rename')}
          </Button>
        )}
      </Group>
      {followed && followed.to === name && (
        <Text size="xs" c="dimmed" role="status">
          {followed.uses === 0 ? t('flowPanel.renamedNoUses', { from: followed.from }) : t('flowPanel.renamedUses', { count: followed.uses, from: followed.from })}
        </Text>
      )}
    </Stack>
  );
}
