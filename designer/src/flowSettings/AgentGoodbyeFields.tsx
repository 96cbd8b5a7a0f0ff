import { Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AGENT_GOODBYE_DEFAULTS } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useLocales } from '../store/selectors.ts';

/**
 * The goodbye a messaging subscriber reads when an agent closes the conversation, one text per
 * language of the flow; an empty one shows (and uses) Griot's default where there is one.
 */
export function AgentGoodbyeFields() {
  const { t } = useTranslation();
  const written = useDocument((s) => s.doc?.settings.agentGoodbye);
  const locales = useLocales();
  const write = (code: string, text: string) => {
    const next: Record<string, string> = { ...written, [code]: text };
    if (!text.trim()) delete next[code];
    documentActions().updateSettings({ agentGoodbye: Object.keys(next).length > 0 ? next : undefined });
  };
  return (
    <>
      {locales.map((l, i) => (
        <Textarea
          key={l.code}
          size="xs"
          autosize
          minRows={2}
          label={`${t('flowSettings.agentGoodbye')} · ${l.code}`}
          description={i === 0 ? t('flowSettings.agentGoodbyeHelp') : undefined}
          placeholder={AGENT_GOODBYE_DEFAULTS[l.code] ?? ''}
          maxLength={1000}
          value={written?.[l.code] ?? ''}
          onChange={(e) => write(l.code, e.currentTarget.value)}
        />
      ))}
    </>
  );
}
