import { useEffect, useState } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Identifier } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { KNOWN_LOCALES } from '../languages/knownLocales.ts';
import { newFlowDocument, slugify } from './newFlowDocument.ts';

interface Props {
  opened: boolean;
  takenIds: string[];
  onClose(): void;
  onCreated(id: string): void;
}

export function CreateFlowModal({ opened, takenIds, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [locales, setLocales] = useState<string[]>(['fr', 'en']);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setName('');
      setId('');
      setIdTouched(false);
      setLocales(['fr', 'en']);
    }
  }, [opened]);

  const idError = id === '' ? undefined : !Identifier.safeParse(id).success ? t('flows.idInvalid') : takenIds.includes(id) ? t('flows.idTaken') : undefined;
  const create = async () => {
    setBusy(true);
    try {
      await flowsApi.create(newFlowDocument(id, name.trim(), locales));
      onCreated(id);
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('flows.new')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Stack>
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
          <MultiSelect
            label={t('flows.locales')}
            description={t('flows.localesHelp')}
            data={KNOWN_LOCALES.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
            value={locales}
            onChange={setLocales}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || !id || !!idError || locales.length === 0}>
              {t('flows.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
