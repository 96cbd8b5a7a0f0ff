import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { mountWebhook } from '../http/mountWebhook.ts';
import { chatDepsFrom } from '../messaging/chatDepsFrom.ts';
import { createWhatsApp, type WhatsAppDeps } from './createWhatsApp.ts';
import type { WhatsAppChannel } from './WhatsAppChannel.ts';
import { readWhatsAppConfig } from './whatsappConfig.ts';
import { whatsappReplies } from './whatsappReplies.ts';

/** Settings tests (and only tests) change: a short retry backoff, a clock. */
export type WhatsAppOverrides = Pick<WhatsAppDeps, 'inbox' | 'now'>;

/**
 * WhatsApp (Cloud API): `GET/POST /whatsapp/webhook`, messages recorded in the Store's inbox
 * before Meta has its 200 and processed at least once, replies through the Graph API. Reads
 * `WHATSAPP_*` (throws naming the variable when one is invalid). Agents' replies go out through
 * `replies`, within the 24-hour window (or as the approved template).
 */
export function createWhatsAppChannel(config: ChannelConfig, overrides: WhatsAppOverrides = {}): Channel {
  const settings = readWhatsAppConfig(config.env);
  let mounted: WhatsAppChannel | undefined;
  const channel = () => {
    if (!mounted) throw new Error('the WhatsApp channel is not mounted');
    return mounted;
  };
  return {
    id: 'whatsapp',
    capabilities: channelCapabilities.whatsapp,
    mount(host: ChannelHost) {
      if (!settings.appSecret) {
        // Like voice and USSD, said at start-up: otherwise a bound WhatsApp number is dead without a word.
        host.logger.warn(
          { notice: 'whatsappAccess' },
          'WHATSAPP CHANNEL REFUSES EVERY WEBHOOK: no WHATSAPP_APP_SECRET, so POST /whatsapp/webhook answers 403 and no message reaches a flow. ' +
            "Set WHATSAPP_APP_SECRET (the Meta app's secret, which signs every webhook; docs/configuration.md); to try a flow without Meta, use the designer's simulator (WhatsApp view).",
        );
      }
      const whatsapp = createWhatsApp({
        ...chatDepsFrom(host, 'whatsapp'),
        config: settings,
        ...(host.audio ? { audio: host.audio } : {}),
        ...(host.channelStates ? { channelStates: host.channelStates } : {}),
        ...overrides,
      });
      mountWebhook(host, whatsapp);
      mounted = whatsapp.channel;
      // What an earlier process acknowledged but did not process is processed now.
      mounted.start();
    },
    replies: whatsappReplies(channel),
    close: async () => {
      await mounted?.close();
    },
  };
}
