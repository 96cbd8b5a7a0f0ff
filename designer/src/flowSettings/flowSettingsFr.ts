/** More flow settings in French (under `flowSettings` in the designer's dictionary). */
export const flowSettingsFr = {
  folder: 'Dossier dans la liste des parcours',
  agentGoodbye: 'Au revoir quand un conseiller clôt la conversation',
  agentGoodbyeHelp:
    'Envoyé sur les messageries quand le parcours ne dit rien après le conseiller (pas d’enquête). Vide : le texte de Griot en français ou en anglais, sinon celui de la langue par défaut.',
  currency: 'Monnaie des montants',
  currencyHelp: 'Pour {{x | amount}} dans les messages : %{example} (les nombres s’écrivent selon la langue du client).',
  currencies: { XOF: 'Franc CFA (UEMOA)', XAF: 'Franc CFA (CEMAC)', GNF: 'Franc guinéen', NGN: 'Naira', GHS: 'Cedi', EUR: 'Euro', USD: 'Dollar américain' },
};
