import { Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { useFieldError } from '../fieldErrors.tsx';
import { fieldLabel } from '../../a11y/fieldLabel.ts';
import { StillCorrectButton } from './StillCorrectButton.tsx';

interface Props {
  nodeId: string;
  /** `options.0.label` */
  field: string;
  value: LocalizedText;
  /** A written message of a few sentences rather than a label: the box grows with the text. */
  multiline?: boolean;
}

/** A short label (or, multiline, a written message) in every locale, one per line. */
export function LocalizedTextEditor({ nodeId, field, value, multiline = false }: Props) {
  const locales = useLocales();
  return (
    <Stack gap={4}>
      {locales.map((l) => (
        <LabelInput key={l.code} nodeId={nodeId} field={field} code={l.code} localeName={l.name} value={value[l.code] ?? ''} multiline={multiline} />
      ))}
    </Stack>
  );
}

function LabelInput({ nodeId, field, code, localeName, value, multiline }: { nodeId: string; field: string; code: string; localeName: string; value: string; multiline: boolean }) {
  const { t } = useTranslation();
  const error = useFieldError(`${field}.${code}`);
  const common = {
    size: 'xs',
    'aria-label': t('a11y.inLocale', { field: fieldLabel(field, t), locale: localeName }),
    'data-field': `${field}.${code}`,
    leftSection: <span className="locale-tag">{code}</span>,
    leftSectionWidth: 40,
    value,
    error,
  } as const;
  return (
    <>
      {multiline ? (
        <Textarea {...common} autosize minRows={2} maxRows={6} onChange={(e) => documentActions().setLabel(nodeId, field, code, e.currentTarget.value)} />
      ) : (
        <TextInput {...common} onChange={(e) => documentActions().setLabel(nodeId, field, code, e.currentTarget.value)} />
      )}
      <StillCorrectButton nodeId={nodeId} field={field} code={code} language={localeName} />
    </>
  );
}
