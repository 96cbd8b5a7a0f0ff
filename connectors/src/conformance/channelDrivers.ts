import type { Channel as ChannelId } from '@griot/flows';
import { botFrameworkDriver } from '../botframework/testing/botFrameworkDriver.ts';
import { smsDriver } from '../sms/testing/smsDriver.ts';
import { telegramDriver } from '../telegram/testing/telegramDriver.ts';
import { messengerDriver } from '../messenger/testing/messengerDriver.ts';
import { voiceDriver } from '../voice/testing/voiceDriver.ts';
import { webchatDriver } from '../webchat/testing/webchatDriver.ts';
import { whatsappDriver } from '../whatsapp/testing/whatsappDriver.ts';
import { ussdDriver } from '../ussd/testing/ussdDriver.ts';
import type { ChannelDriver } from './ChannelDriver.ts';

/**
 * The conformance suite's drivers, by channel: a channel id without its driver does not compile.
 * A channel with two ways in (voice: webhooks and the WebSocket API) runs the suite over each.
 */
export const channelDrivers = {
  voice: [() => voiceDriver('http'), () => voiceDriver('ws')],
  whatsapp: [whatsappDriver],
  botframework: [botFrameworkDriver],
  webchat: [webchatDriver],
  sms: [smsDriver],
  telegram: [telegramDriver],
  messenger: [messengerDriver],
  ussd: [ussdDriver],
} satisfies Record<ChannelId, Array<() => ChannelDriver>>;
