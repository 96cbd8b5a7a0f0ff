import type { flowSettingsFr } from './flowSettingsFr.ts';

/** More flow settings in English (under `flowSettings` in the designer's dictionary). */
export const flowSettingsEn: typeof flowSettingsFr = {
  folder: 'Folder in the flow list',
  currency: 'Currency of amounts',
  currencyHelp: 'For {{x | amount}} in prompts: %{example} (numbers are written as the caller’s language writes them).',
  currencies: { XOF: 'CFA franc (WAEMU)', XAF: 'CFA franc (CEMAC)', GNF: 'Guinean franc', NGN: 'Naira', GHS: 'Cedi', EUR: 'Euro', USD: 'US dollar' },
};
