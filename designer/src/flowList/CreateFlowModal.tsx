import { useEffect, useState } from 'react';
import { Autocomplete, Button, Group, Modal, MultiSelect, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { FlowSettings, Identifier } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { KNOWN_LOCALES } from '../languages/knownLocales.ts';
import { newFlowDocument, slugify } from './newFlowDocument.ts';
import { FLOW_TEMPLATE_KEYS, flowFromTemplate, type FlowTemplateKey } from './flowTemplates.ts';

interface Props {
  opened: boolean;
  takenIds: string[];
  /** Folders already in use, offered for the new flow. */
  folders?: string[];
  onClose(): void;
  onCreated(id: string): void;
}

type Start = 'blank' | FlowTemplateKey;

/** Whether a folder path is one the flow document accepts (empty: no folder). */
export const folderValid = (folder: string) => !folder.trim() || FlowSettings.shape.folder.safeParse(folder.trim()).success;

/** A new flow: empty in the chosen languages, or from a starter template (self-care, survey, after hours). */
export function CreateFlowModal({ opened, takenIds, folders = [], onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [locales, setLocales] = useState<string[]>(['fr', 'en']);
  const [start, setStart] = useState<Start>('blank');
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setName('');
      setId('');
      setIdTouched(false);
      setLocales(['fr', 'en']);
      setStart('blank');
      setFolder('');
    }
  }, [opened]);

  const idError = id === '' ? undefined : !Identifier.safeParse(id).success ? t('flows.idInvalid') : takenIds.includes(id) ? t('flows.idTaken') : undefined;
  const folderError = folderValid(folder) ? undefined : t('flowList.folderInvalid');
  const create = async () => {
    setBusy(true);
    try {
      const filed = folder.trim() || undefined;
      const document =
        start === 'blank'
          ? { ...newFlowDocument(id, name.trim(), locales, { start: t('newFlowLabels.start'), end: t('newFlowLabels.end') }), ...(filed ? { settings: { folder: filed } } : {}) }
          : flowFromTemplate(start, id, name.trim(), filed, { start: t('newFlowLabels.start') });
      await flowsApi.create(document);
      onCreated(id);
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('flows.new')} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Stack>
          <Radio.Group label={t('flowList.template')} value={start} onChange={(v) => setStart(v as Start)} name="flow-template">
            <SimpleGrid cols={2} spacing="xs" mt={6}>
              {(['blank', ...FLOW_TEMPLATE_KEYS] as const).map((key) => (
                <Radio.Card key={key} value={key} radius="md" p="sm" className="template-card" data-template={key}>
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text size="sm" fw={600}>
                        {t(`flowList.templates.${key}.name`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`flowList.templates.${key}.description`)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <TextInput
            label={t('flows.name')}
            placeholder="Self-care 1919"
            value={name}
            data-autofocus
            required
            onChange={(e) => {
              const value = e.currentTarget.value;
              setName(value);
              if (!idTouched) setId(value.trim() ? slugify(value) : '');
            }}
          />
          <TextInput
            label={t('flows.id')}
            description={t('flows.idHelp')}
            value={id}
            error={idError}
            required
            ff="monospace"
            onChange={(e) => {
              setIdTouched(true);
              setId(e.currentTarget.value);
            }}
          />
          {start === 'blank' ? (
            <MultiSelect
              label={t('flows.locales')}
              description={t('flows.localesHelp')}
              data={KNOWN_LOCALES.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
              value={locales}
              onChange={setLocales}
            />
          ) : (
            <Text size="xs" c="dimmed">
              {t('flowList.templateLocales')}
            </Text>
          )}
          <Autocomplete label={t('flowList.folder')} description={t('flowList.folderHelp')} data={folders} value={folder} error={folderError} onChange={setFolder} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || !id || !!idError || !!folderError || (start === 'blank' && locales.length === 0)}>
              {t('flows.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
