import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setUiLanguage, type UiLanguage } from '../i18n/i18n.ts';

/** The language of the designer itself (not of the flow). */
export function UiLanguageMenu() {
  const { i18n, t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.uiLanguage')}
      value={i18n.language === 'en' ? 'en' : 'fr'}
      data={[
        { value: 'fr', label: 'FR' },
        { value: 'en', label: 'EN' },
      ]}
      onChange={(v) => void setUiLanguage(v as UiLanguage).catch(() => undefined)}
    />
  );
}
