import { Select } from '@mantine/core';
import { useNodes } from '../../store/selectors.ts';
import { isolate } from '../../i18n/isolate.ts';

interface Props {
  label: string;
  value: string | undefined;
  onChange(id: string | null): void;
  error?: string | undefined;
  clearable?: boolean;
  exclude?: string;
}

/** Picks one of the flow's nodes by id (and label). */
export function NodeSelect({ label, value, onChange, error, clearable, exclude }: Props) {
  const options = useNodes();
  const data = options.filter((n) => n.id !== exclude).map((n) => ({ value: n.id, label: n.label ? `${isolate(n.label)} (${n.id})` : n.id }));
  return <Select size="xs" label={label} value={value ?? null} data={data} searchable clearable={clearable} limit={50} error={error} onChange={onChange} />;
}
