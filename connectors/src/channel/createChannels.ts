import { Channel as ChannelIds, type Channel as ChannelId } from '@griot/flows';
import { createBotFrameworkChannel } from '../botframework/createBotFrameworkChannel.ts';
import { createSmsChannel } from '../sms/createSmsChannel.ts';
import { createMessengerChannel } from '../messenger/createMessengerChannel.ts';
import { createVoiceChannel } from '../voice/createVoiceChannel.ts';
import { createTelegramChannel } from '../telegram/createTelegramChannel.ts';
import { createWebchatChannel } from '../webchat/createWebchatChannel.ts';
import { createWhatsAppChannel } from '../whatsapp/createWhatsAppChannel.ts';
import { createUssdChannel } from '../ussd/createUssdChannel.ts';
import type { Channel, ChannelConfig, ChannelFactory } from './Channel.ts';
import { ChannelConfigError } from './ChannelConfigError.ts';

/**
 * Every channel's factory, by channel id. Adding a channel id to `Channel` in `flows` without a
 * line here does not compile: a new channel is its folder and this one line.
 */
export const channelFactories = {
  voice: createVoiceChannel,
  whatsapp: createWhatsAppChannel,
  botframework: createBotFrameworkChannel,
  webchat: createWebchatChannel,
  sms: createSmsChannel,
  telegram: createTelegramChannel,
  messenger: createMessengerChannel,
  ussd: createUssdChannel,
} satisfies Record<ChannelId, ChannelFactory>;

/**
 * The channels `GRIOT_CHANNELS` names (comma-separated ids), all of them when unset. Throws a
 * `ChannelConfigError` on an id Griot does not know.
 */
export function enabledChannels(env: Record<string, string | undefined>): ChannelId[] {
  const listed =
    env.GRIOT_CHANNELS?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '') ?? [];
  if (listed.length === 0) return [...ChannelIds.options];
  const unknown = listed.filter((id) => !ChannelIds.safeParse(id).success);
  if (unknown.length > 0) throw new ChannelConfigError('GRIOT_CHANNELS', `unknown channel ${unknown.join(', ')} (known: ${ChannelIds.options.join(', ')})`);
  return ChannelIds.options.filter((id) => listed.includes(id));
}

/** Builds the enabled channels from configuration; each reads and checks its own settings (a `ChannelConfigError` names a wrong one). */
export function createChannels(config: ChannelConfig): Channel[] {
  return enabledChannels(config.env).map((id) => channelFactories[id](config));
}
