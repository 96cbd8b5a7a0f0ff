import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useLocales } from '../store/selectors.ts';
import { requestSuggestions, type SuggestOutcome } from './requestSuggestions.ts';

interface Props {
  /** Only these nodes' texts; the whole flow when absent. */
  nodeIds?: string[];
  disabled?: boolean;
}

/** What the editor is told: how many suggestions went in to review, or why none did. */
function notify(outcome: SuggestOutcome, localeName: string, t: TFunction): void {
  if (outcome.status === 'notSaved') {
    notifications.show({ color: 'orange', title: t('suggest.failed'), message: t('suggest.saveFirst') });
    return;
  }
  if (outcome.status === 'failed') {
    // The server's code is already in the user's words (apiErrors).
    notifications.show({ color: 'red', title: t('suggest.failed'), message: outcome.message, autoClose: false });
    return;
  }
  const notes = [
    outcome.skipped > 0 ? t('suggest.skipped', { count: outcome.skipped }) : '',
    outcome.rejected > 0 ? t('suggest.rejected', { count: outcome.rejected }) : '',
    outcome.withoutSource > 0 ? t('suggest.withoutSource', { count: outcome.withoutSource }) : '',
  ].filter(Boolean);
  notifications.show({
    color: outcome.applied > 0 ? 'teal' : 'gray',
    title: outcome.applied > 0 ? t('suggest.applied', { count: outcome.applied, locale: localeName }) : t('suggest.nothing', { locale: localeName }),
    message: [outcome.applied > 0 ? t('suggest.reviewHint') : '', ...notes].filter(Boolean).join(' '),
  });
}

/**
 * "Suggest translations": the model translates what is missing in a language chosen from the
 * menu, from the flow's default language; the suggestions arrive marked "to review".
 */
export function SuggestTranslationsButton({ nodeIds, disabled }: Props) {
  const { t } = useTranslation();
  const locales = useLocales();
  const [busy, setBusy] = useState(false);
  const [source, ...targets] = locales;
  if (!source || targets.length === 0) return null;
  const run = async (code: string, name: string) => {
    setBusy(true);
    try {
      notify(await requestSuggestions(code, nodeIds), name, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="light" color="violet" leftSection={<IconLanguage size={14} />} loading={busy} disabled={disabled} data-suggest-translations>
          {t('suggest.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('suggest.from', { locale: source.name })}</Menu.Label>
        {targets.map((l) => (
          <Menu.Item key={l.code} onClick={() => void run(l.code, l.name)} data-suggest-locale={l.code}>
            {t('suggest.into', { locale: `${l.name} (${l.code})` })}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
