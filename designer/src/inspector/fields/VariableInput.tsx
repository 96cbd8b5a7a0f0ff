import { ActionIcon, Autocomplete, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { VariableName } from '@griot/flows';
import { documentActions, useDocument } from '../../store/documentStore.ts';
import { useFieldError } from '../fieldErrors.tsx';

interface Props {
  nodeId: string;
  field: string;
  label: string;
  value: string;
  /** Offer `caller.*` fields too (conditions read them). */
  withCaller?: boolean;
  /** The node may have no variable here: emptying the field removes it. */
  optional?: boolean;
}

const CALLER = ['caller.number', 'caller.channel', 'caller.locale', 'caller.knownLocale', 'caller.lastChannel', 'caller.isTester'];

/** A variable name picked from the declared ones, with a button to declare a new one. */
export function VariableInput({ nodeId, field, label, value, withCaller, optional }: Props) {
  const { t } = useTranslation();
  const names = useDocument((s) => s.doc?.variables.map((v) => v.name).join('\u0000') ?? '');
  const declared = names === '' ? [] : names.split('\u0000');
  const error = useFieldError(field);
  const undeclared = value !== '' && !value.startsWith('caller.') && !declared.includes(value) && VariableName.safeParse(value).success;
  return (
    <Autocomplete
      size="xs"
      label={label}
      value={value}
      data={withCaller ? [...declared, ...CALLER] : declared}
      error={error ?? (undeclared ? t('inspector.undeclaredVariable') : undefined)}
      data-field={field}
      onChange={(v) => documentActions().setNodeField(nodeId, field, optional && v === '' ? undefined : v)}
      rightSection={
        undeclared ? (
          <Tooltip label={t('inspector.declareVariable', { name: value })}>
            <ActionIcon
              size="sm"
              variant="light"
              aria-label={t('inspector.declareVariable', { name: value })}
              onClick={() => documentActions().addVariable({ name: value, type: 'string', sensitive: false, persist: false })}
            >
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        ) : null
      }
    />
  );
}
