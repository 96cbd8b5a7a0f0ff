import type { TFunction } from 'i18next';

/** A node field as the editor names it: `prompt` → "Message", `options.0.label` → "Libellé option 1". */
export function fieldLabel(field: string, t: TFunction): string {
  const option = /^options\.(\d+)\.label$/.exec(field);
  if (option) return t('translations.optionLabel', { n: Number(option[1]) + 1 });
  return t(`fields.${field}`, { defaultValue: field });
}
