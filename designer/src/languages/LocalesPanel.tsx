import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, ScrollArea, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconStar, IconTable, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LocaleCode, type Locale } from '@griot/flows';
import { documentActions } from '../store/documentStore.ts';
import { useLocales } from '../store/selectors.ts';
import { canvasStore } from '../canvas/canvasStore.ts';
import { KNOWN_LOCALES } from './knownLocales.ts';

/** The flow's languages and what the voice platform can do in each (text-to-speech, recognition). */
export function LocalesPanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const [adding, setAdding] = useState<string | null>(null);
  const [customCode, setCustomCode] = useState('');
  const available = KNOWN_LOCALES.filter((k) => !locales.some((l) => l.code === k.code));
  const add = (locale: Locale) => {
    documentActions().addLocale(locale);
    setAdding(null);
    setCustomCode('');
  };
  return (
    <ScrollArea h="100%">
      <Stack p="md" gap="md">
        <Group justify="space-between">
          <Text fw={600}>{t('languages.title')}</Text>
          <Button size="xs" variant="light" leftSection={<IconTable size={14} />} onClick={() => canvasStore.getState().setView('translations')}>
            {t('languages.openTable')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('languages.help')}
        </Text>
        <fieldset disabled={readOnly} className="inspector-fieldset">
          <Stack gap="sm">
            {locales.map((locale, i) => (
              <LocaleCard key={locale.code} locale={locale} isDefault={i === 0} canRemove={locales.length > 1} />
            ))}
            <Paper withBorder p="sm" radius="md">
              <Text size="sm" fw={500} mb={6}>
                {t('languages.add')}
              </Text>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <Select
                  size="xs"
                  style={{ flex: 1 }}
                  placeholder={t('languages.pick')}
                  data={available.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }))}
                  value={adding}
                  onChange={setAdding}
                />
                <Button size="xs" disabled={!adding} onClick={() => adding && add(KNOWN_LOCALES.find((l) => l.code === adding) as Locale)}>
                  {t('common.add')}
                </Button>
              </Group>
              <Group gap="xs" align="flex-end" mt="xs" wrap="nowrap">
                <TextInput
                  size="xs"
                  style={{ flex: 1 }}
                  placeholder={t('languages.customCode')}
                  value={customCode}
                  error={customCode && !LocaleCode.safeParse(customCode).success ? t('languages.codeInvalid') : undefined}
                  onChange={(e) => setCustomCode(e.currentTarget.value)}
                />
                <Button
                  size="xs"
                  variant="default"
                  disabled={!LocaleCode.safeParse(customCode).success || locales.some((l) => l.code === customCode)}
                  onClick={() => add({ code: customCode, name: customCode, tts: null, asr: null })}
                >
                  {t('common.add')}
                </Button>
              </Group>
            </Paper>
          </Stack>
        </fieldset>
      </Stack>
    </ScrollArea>
  );
}

function LocaleCard({ locale, isDefault, canRemove }: { locale: Locale; isDefault: boolean; canRemove: boolean }) {
  const { t } = useTranslation();
  const actions = documentActions();
  const update = (patch: Partial<Locale>) => actions.updateLocale(locale.code, patch);
  return (
    <Paper withBorder p="sm" radius="md" data-locale={locale.code}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap={6}>
          <Badge radius="sm">{locale.code}</Badge>
          {isDefault && (
            <Badge color="yellow" variant="light" leftSection={<IconStar size={10} />}>
              {t('languages.default')}
            </Badge>
          )}
        </Group>
        <Group gap={2}>
          {!isDefault && (
            <Tooltip label={t('languages.makeDefault')}>
              <ActionIcon size="sm" variant="subtle" color="yellow" onClick={() => actions.makeDefaultLocale(locale.code)} aria-label={t('languages.makeDefault')}>
                <IconStar size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {canRemove && (
            <Tooltip label={t('common.remove')}>
              <ActionIcon size="sm" variant="subtle" color="red" onClick={() => actions.removeLocale(locale.code)} aria-label={t('common.remove')}>
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Stack gap={6}>
        <TextInput size="xs" label={t('languages.name')} value={locale.name} onChange={(e) => update({ name: e.currentTarget.value })} />
        <Switch
          size="xs"
          label={t('languages.tts')}
          description={locale.tts ? undefined : t('languages.ttsOff')}
          checked={locale.tts !== null}
          onChange={(e) => update({ tts: e.currentTarget.checked ? { vendor: 'google' } : null })}
        />
        {locale.tts && (
          <Group grow gap="xs">
            <TextInput size="xs" label={t('languages.vendor')} value={locale.tts.vendor} onChange={(e) => update({ tts: { ...locale.tts!, vendor: e.currentTarget.value } })} />
            <TextInput size="xs" label={t('languages.voice')} value={locale.tts.voice ?? ''} onChange={(e) => update({ tts: { ...locale.tts!, voice: e.currentTarget.value || undefined } })} />
            <TextInput
              size="xs"
              label={t('languages.languageTag')}
              placeholder={locale.code}
              value={locale.tts.language ?? ''}
              onChange={(e) => update({ tts: { ...locale.tts!, language: e.currentTarget.value || undefined } })}
            />
          </Group>
        )}
        <Switch
          size="xs"
          label={t('languages.asr')}
          description={locale.asr ? undefined : t('languages.asrOff')}
          checked={locale.asr !== null}
          onChange={(e) => update({ asr: e.currentTarget.checked ? { vendor: 'google' } : null })}
        />
        {locale.asr && (
          <Group grow gap="xs">
            <TextInput size="xs" label={t('languages.vendor')} value={locale.asr.vendor} onChange={(e) => update({ asr: { ...locale.asr!, vendor: e.currentTarget.value } })} />
            <TextInput
              size="xs"
              label={t('languages.languageTag')}
              placeholder={locale.code}
              value={locale.asr.language ?? ''}
              onChange={(e) => update({ asr: { ...locale.asr!, language: e.currentTarget.value || undefined } })}
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
