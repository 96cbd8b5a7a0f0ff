import { useEffect, useState, type FormEvent } from 'react';
import { Accordion, Alert, Anchor, Button, Group, Input, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Channel } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import type { FlowSummary } from '../api/types.ts';
import { adminApi, type BindingView, type EnvironmentName } from './adminApi.ts';
import { draftOf, inputOf, validateDraft, type BindingDraft, type FlowChoices, type FormErrors } from './bindingForm.ts';
import { CHANNELS, channelKindOf } from './channelKinds.ts';
import { formErrorText } from './formErrorText.ts';
import { SettingsFields } from './SettingsFields.tsx';
import { TestersEditor } from './TestersEditor.tsx';
import { fieldOf, useApiErrorText } from './useApiErrorText.ts';

interface FlowFacts extends FlowChoices {
  environments: Record<EnvironmentName, number | null>;
}

/** The most versions the server gives in one page. */
const MOST_PER_PAGE = 500;

/** The numbers of the versions below `oldest`, read a page at a time (a flow keeps up to 2,000). */
async function olderVersions(flowId: string, oldest: number): Promise<number[]> {
  const numbers: number[] = [];
  for (let before = oldest; before > 1; ) {
    const page = (await flowsApi.versions(flowId, { limit: MOST_PER_PAGE, before })).map((v) => v.number);
    numbers.push(...page);
    if (page.length < MOST_PER_PAGE) break;
    before = Math.min(...page);
  }
  return numbers;
}

/** Versions, languages and what each environment runs, for the flow being bound. */
function useFlowFacts(flowId: string | null): FlowFacts | null {
  const [facts, setFacts] = useState<FlowFacts | null>(null);
  useEffect(() => {
    setFacts(null);
    if (!flowId) return;
    let live = true;
    flowsApi
      .get(flowId)
      .then(async (details) => {
        // The flow's read carries its newest 100 versions: a tester may be pinned to any, so the older ones are read too.
        const versions = details.versions.map((v) => v.number);
        if (details.olderVersions === true) versions.push(...(await olderVersions(flowId, Math.min(...versions))));
        if (!live) return;
        setFacts({
          versions,
          locales: details.draft.document.locales.map((l) => l.code),
          environments: { staging: details.environments.staging?.version ?? null, production: details.environments.production?.version ?? null },
        });
      })
      .catch(() => live && setFacts(null));
    return () => {
      live = false;
    };
  }, [flowId]);
  return facts;
}

/**
 * One binding: channel and address, the flow and environment it runs, tester numbers and the
 * channel's settings. Checked as the server and the connector would before it is sent; the
 * server's refusals (409 `address_taken`, a tester number it cannot read) land on their field.
 * Read-only for a viewer.
 */
export function BindingModal({
  binding,
  opened,
  flows,
  readOnly,
  onClose,
  onSaved,
}: {
  binding: BindingView | null;
  opened: boolean;
  flows: FlowSummary[];
  readOnly: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [draft, setDraft] = useState<BindingDraft>(() => draftOf(binding));
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sections, setSections] = useState<string[]>([]);
  const facts = useFlowFacts(opened ? draft.flowId : null);

  useEffect(() => {
    if (!opened) return;
    const initial = draftOf(binding);
    setDraft(initial);
    setErrors({});
    setFormError(null);
    setSections(initial.testers.length > 0 ? ['testers'] : []);
  }, [opened, binding]);

  /** Errors show where they are: a section holding one opens. */
  const showErrors = (found: FormErrors) => {
    setErrors(found);
    const fields = Object.keys(found);
    const opening = (['testers', 'settings'] as const).filter((s) => fields.some((f) => f.startsWith(`${s}.`)));
    if (opening.length > 0) setSections((open) => [...new Set([...open, ...opening])]);
  };

  const kind = channelKindOf(draft.channel);
  const change = (patch: Partial<BindingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const channelName = (c: string) => t(`admin.channels.${c}.name`, { defaultValue: c });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    const found = validateDraft(draft, facts);
    showErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const input = inputOf(draft);
      const saved = binding ? await adminApi.updateBinding(binding.id, input) : await adminApi.createBinding(input);
      notifications.show({ color: 'teal', message: t('admin.bindings.saved', { channel: channelName(saved.channel), address: saved.address }) });
      onSaved();
    } catch (error) {
      const field = fieldOf(error);
      if (field && field !== 'body') showErrors({ [field]: { message: errorText(error) } });
      else setFormError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const title = binding ? t('admin.bindings.editTitle', { channel: channelName(binding.channel), address: binding.address }) : t('admin.bindings.newTitle');
  const environmentName = t(`environments.${draft.environment}`);
  const running = facts?.environments[draft.environment] ?? null;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl" centered>
      <form onSubmit={(e) => void submit(e)} className="binding-form" aria-label={title} noValidate>
        <Stack>
          {formError && (
            <Alert color="red" variant="light" role="alert">
              {formError}
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select
              label={t('admin.bindings.channel')}
              data={CHANNELS.map((c) => ({ value: c, label: channelName(c) }))}
              value={draft.channel}
              onChange={(v) => v && change({ channel: v as Channel })}
              allowDeselect={false}
              readOnly={readOnly}
              error={formErrorText(t, errors, 'channel')}
            />
            <TextInput
              label={t(`admin.channels.${draft.channel}.address`)}
              description={t(`admin.channels.${draft.channel}.addressHelp`)}
              placeholder={kind?.address.example}
              inputMode={kind?.address.numeric ? 'numeric' : 'text'}
              name="address"
              value={draft.address}
              onChange={(e) => change({ address: e.currentTarget.value })}
              error={formErrorText(t, errors, 'address')}
              readOnly={readOnly}
              required
              data-autofocus
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label={t('admin.bindings.flow')}
              placeholder={t('admin.bindings.chooseFlow')}
              data={flows.map((f) => ({ value: f.id, label: f.name }))}
              value={draft.flowId}
              onChange={(v) => change({ flowId: v })}
              searchable
              nothingFoundMessage="—"
              error={formErrorText(t, errors, 'flowId')}
              readOnly={readOnly}
              required
            />
            <Input.Wrapper label={t('admin.bindings.environment')} id="binding-environment">
              <SegmentedControl
                fullWidth
                mt={4}
                aria-label={t('admin.bindings.environment')}
                value={draft.environment}
                onChange={(v) => change({ environment: v as EnvironmentName })}
                readOnly={readOnly}
                data={[
                  { value: 'production', label: t('environments.production') },
                  { value: 'staging', label: t('environments.staging') },
                ]}
              />
            </Input.Wrapper>
          </Group>
          {draft.flowId &&
            facts &&
            (running !== null ? (
              <Alert color="teal" variant="light" icon={<IconCircleCheck size={16} />} data-testid="binding-environment-runs">
                {t('admin.bindings.environmentRuns', { environment: environmentName, n: running })}
              </Alert>
            ) : (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} data-testid="binding-environment-empty">
                {t('admin.bindings.environmentEmpty', { environment: environmentName })}
              </Alert>
            ))}
          {binding && draft.channel === 'webchat' && (
            <Text size="sm">
              {t('admin.bindings.chatUrl')} <Anchor href={`/chat/${encodeURIComponent(binding.id)}`} target="_blank" ff="monospace">{`${window.location.origin}/chat/${binding.id}`}</Anchor>
            </Text>
          )}
          <Accordion variant="separated" multiple value={sections} onChange={setSections}>
            {kind?.testers && (
              <Accordion.Item value="testers">
                <Accordion.Control>
                  {t('admin.bindings.testers')} ({draft.testers.length})
                </Accordion.Control>
                <Accordion.Panel>
                  <TestersEditor testers={draft.testers} onChange={(testers) => change({ testers })} flow={facts} errors={errors} readOnly={readOnly} />
                </Accordion.Panel>
              </Accordion.Item>
            )}
            {kind && (
              <Accordion.Item value="settings">
                <Accordion.Control>{t('admin.bindings.settings')}</Accordion.Control>
                <Accordion.Panel>
                  <Text size="xs" c="dimmed" mb="xs">
                    {t('admin.bindings.settingsHelp')}
                  </Text>
                  <SettingsFields kind={kind} settings={draft.settings} onChange={(settings) => change({ settings })} errors={errors} readOnly={readOnly} />
                </Accordion.Panel>
              </Accordion.Item>
            )}
          </Accordion>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {readOnly ? t('admin.oneTime.done') : t('common.cancel')}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={busy}>
                {t('admin.bindings.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
