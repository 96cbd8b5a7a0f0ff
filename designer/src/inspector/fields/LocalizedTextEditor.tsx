import { Stack, TextInput } from '@mantine/core';
import type { LocalizedText } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { useFieldError } from '../fieldErrors.tsx';

interface Props {
  nodeId: string;
  /** `options.0.label` */
  field: string;
  value: LocalizedText;
}

/** A short label in every locale, one line each. */
export function LocalizedTextEditor({ nodeId, field, value }: Props) {
  const locales = useLocales();
  return (
    <Stack gap={4}>
      {locales.map((l) => (
        <LabelInput key={l.code} nodeId={nodeId} field={field} code={l.code} value={value[l.code] ?? ''} />
      ))}
    </Stack>
  );
}

function LabelInput({ nodeId, field, code, value }: { nodeId: string; field: string; code: string; value: string }) {
  const error = useFieldError(`${field}.${code}`);
  return (
    <TextInput
      size="xs"
      aria-label={`${field} ${code}`}
      data-field={`${field}.${code}`}
      leftSection={<span className="locale-tag">{code}</span>}
      leftSectionWidth={40}
      value={value}
      error={error}
      onChange={(e) => documentActions().setLabel(nodeId, field, code, e.currentTarget.value)}
    />
  );
}
