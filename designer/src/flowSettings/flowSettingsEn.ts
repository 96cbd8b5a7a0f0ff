import type { flowSettingsFr } from './flowSettingsFr.ts';

/** More flow settings in English (under `flowSettings` in the designer's dictionary). */
export const flowSettingsEn: typeof flowSettingsFr = {
  folder: 'Folder in the flow list',
  agentGoodbye: 'Goodbye when an agent closes the conversation',
  agentGoodbyeHelp: 'Sent on messaging channels when the flow says nothing after the agent (no survey). Empty: Griot’s French or English text, else the default language’s.',
  currency: 'Currency of amounts',
  currencyHelp: 'For {{x | amount}} in prompts: %{example} (numbers are written as the caller’s language writes them).',
  currencies: { XOF: 'CFA franc (WAEMU)', XAF: 'CFA franc (CEMAC)', GNF: 'Guinean franc', NGN: 'Naira', GHS: 'Cedi', EUR: 'Euro', USD: 'US dollar' },
};
