/** More flow settings in French (under `flowSettings` in the designer's dictionary). */
export const flowSettingsFr = {
  folder: 'Dossier dans la liste des parcours',
  currency: 'Monnaie des montants',
  currencyHelp: 'Pour {{x | amount}} dans les messages : %{example} (les nombres s’écrivent selon la langue du client).',
  currencies: { XOF: 'Franc CFA (UEMOA)', XAF: 'Franc CFA (CEMAC)', GNF: 'Franc guinéen', NGN: 'Naira', GHS: 'Cedi', EUR: 'Euro', USD: 'Dollar américain' },
};
