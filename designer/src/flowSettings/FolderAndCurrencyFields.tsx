import { useEffect, useState } from 'react';
import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { folderValid } from '../flowList/CreateFlowModal.tsx';

const CURRENCIES = ['XOF', 'XAF', 'GNF', 'NGN', 'GHS', 'EUR', 'USD'] as const;

/**
 * Where the flow is filed in the list, and the currency of `{{x | amount}}`, with an example in
 * the editor's language. A folder being typed reaches the document only once it is valid.
 */
export function FolderAndCurrencyFields() {
  const { t, i18n } = useTranslation();
  const folder = useDocument((s) => s.doc?.settings.folder ?? '');
  const currency = useDocument((s) => s.doc?.settings.currency);
  const [typed, setTyped] = useState(folder);
  useEffect(() => setTyped(folder), [folder]);
  const valid = folderValid(typed);
  return (
    <>
      <TextInput
        size="xs"
        label={t('flowSettings.folder')}
        description={t('flowList.folderHelp')}
        value={typed}
        error={valid ? undefined : t('flowList.folderInvalid')}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setTyped(value);
          if (folderValid(value)) documentActions().updateSettings({ folder: value.trim() || undefined });
        }}
      />
      <Select
        size="xs"
        label={t('flowSettings.currency')}
        description={t('flowSettings.currencyHelp', { example: formatNumber('1250000', 'amount', { locale: i18n.language, currency: currency ?? 'XOF' }) })}
        data={CURRENCIES.map((code) => ({ value: code, label: `${code} · ${t(`flowSettings.currencies.${code}`)}` }))}
        value={currency ?? 'XOF'}
        allowDeselect={false}
        onChange={(value) => documentActions().updateSettings({ currency: !value || value === 'XOF' ? undefined : value })}
      />
    </>
  );
}
