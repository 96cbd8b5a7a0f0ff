import type { channelsFr } from './channelsFr.ts';

/** The simulator's channels in English (under `channels` in the designer's dictionary). */
export const channelsEn: typeof channelsFr = {
  label: 'Simulated channel',
  voice: 'Voice call',
  whatsapp: 'WhatsApp',
  webchat: 'Web chat',
  sms: 'SMS',
  telegram: 'Telegram',
  messenger: 'Messenger',
  ussd: 'USSD',
  webchatPage: 'website chat',
  switched: 'New session on the %{channel} channel: the previous one is over.',
};
