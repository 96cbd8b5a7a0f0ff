import { Autocomplete } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VariableName } from '@griot/flows';
import { documentActions, useDocument } from '../../store/documentStore.ts';
import { useFieldError } from '../fieldErrors.tsx';
import { DeclareVariableButton } from './DeclareVariableButton.tsx';
import { useShownError } from './useShownError.ts';

interface Props {
  nodeId: string;
  field: string;
  label: string;
  value: string;
  /** Offer `caller.*` fields too (conditions read them). */
  withCaller?: boolean;
  /** The node may have no variable here: emptying the field removes it. */
  optional?: boolean;
  placeholder?: string;
}

const CALLER = ['caller.number', 'caller.channel', 'caller.locale', 'caller.knownLocale', 'caller.lastChannel', 'caller.isTester', 'caller.source'];

/** A variable name picked from the declared ones, with a button to declare a new one. */
export function VariableInput({ nodeId, field, label, value, withCaller, optional, placeholder }: Props) {
  const { t } = useTranslation();
  const names = useDocument((s) => s.doc?.variables.map((v) => v.name).join('\u0000') ?? '');
  const declared = names === '' ? [] : names.split('\u0000');
  const undeclared = value !== '' && !value.startsWith('caller.') && !declared.includes(value) && VariableName.safeParse(value).success;
  const { error, onBlur } = useShownError(useFieldError(field) ?? (undeclared ? t('inspector.undeclaredVariable') : undefined), value);
  return (
    <Autocomplete
      size="xs"
      label={label}
      value={value}
      data={withCaller ? [...declared, ...CALLER] : declared}
      error={error}
      data-field={field}
      onChange={(v) => documentActions().setNodeField(nodeId, field, optional && v === '' ? undefined : v)}
      placeholder={placeholder}
      onBlur={onBlur}
      rightSection={undeclared ? <DeclareVariableButton name={value} compact /> : null}
    />
  );
}
