/** The simulator's channels in French (under `channels` in the designer's dictionary). */
export const channelsFr = {
  label: 'Canal simulé',
  voice: 'Appel vocal',
  whatsapp: 'WhatsApp',
  webchat: 'Chat web',
  sms: 'SMS',
  telegram: 'Telegram',
  messenger: 'Messenger',
  ussd: 'USSD',
  webchatPage: 'chat du site',
  switched: 'Nouvelle session sur le canal %{channel} : la précédente est terminée.',
};
