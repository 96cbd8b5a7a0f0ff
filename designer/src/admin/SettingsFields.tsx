import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChannelKind } from './channelKinds.ts';
import { isShown, settingAt, withSetting, type FormErrors, type Settings } from './bindingForm.ts';
import { formErrorText } from './formErrorText.ts';

/** The settings a channel's connector reads, one field each, from the channel's row in channelKinds. */
export function SettingsFields({ kind, settings, onChange, errors, readOnly }: { kind: ChannelKind; settings: Settings; onChange(settings: Settings): void; errors: FormErrors; readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={2} spacing="sm" className="binding-settings">
      {kind.settings
        .filter((field) => isShown(field, settings))
        .map((field) => {
          const value = settingAt(settings, field.path);
          const common = {
            label: t(`admin.settings.${field.path}.label`),
            description: t(`admin.settings.${field.path}.help`),
            error: formErrorText(t, errors, `settings.${field.path}`),
            readOnly,
            'data-setting': field.path,
          };
          if (field.input === 'number') {
            return (
              <NumberInput
                key={field.path}
                {...common}
                allowDecimal={false}
                value={typeof value === 'number' ? value : ''}
                onChange={(v) => onChange(withSetting(settings, field.path, typeof v === 'number' ? v : undefined))}
              />
            );
          }
          if (field.input === 'select') {
            return (
              <Select
                key={field.path}
                {...common}
                data={(field.options ?? []).map((o) => ({ value: o, label: t(`admin.settings.${field.path}.options.${o}`) }))}
                value={typeof value === 'string' ? value : null}
                placeholder={field.options?.[0] ? t(`admin.settings.${field.path}.options.${field.options[0]}`) : undefined}
                onChange={(v) => onChange(withSetting(settings, field.path, v ?? undefined))}
              />
            );
          }
          return (
            <TextInput
              key={field.path}
              {...common}
              value={typeof value === 'string' ? value : ''}
              onChange={(e) => onChange(withSetting(settings, field.path, e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value))}
            />
          );
        })}
    </SimpleGrid>
  );
}
