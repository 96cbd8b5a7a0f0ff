import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { createSms, type Sms, type SmsDeps } from './createSms.ts';
import type { SmsChannel } from './SmsChannel.ts';
import { readSmsConfig } from './smsConfig.ts';
import { smsReplies } from './smsReplies.ts';

/** Settings tests (and only tests) change: short backoffs, a clock. */
export type SmsOverrides = Pick<SmsDeps, 'inbox' | 'now' | 'reconnect' | 'throttle' | 'partsWaitMs'>;

/**
 * SMS over SMPP 3.4: Griot binds to the operator's SMSC as an ESME transceiver (`SMPP_URL`,
 * `SMPP_SYSTEM_ID`, `SMPP_PASSWORD`), takes subscribers' SMS to its short codes (`deliver_sm`,
 * answered once recorded in the Store's inbox) and answers with `submit_sm`. Nothing listens:
 * the bind goes out from Griot and authenticates it to the SMSC, and only the SMSC, over that
 * bind, reaches Griot. Without `SMPP_URL` the channel is mounted and stays unbound.
 */
export function createSmsChannel(config: ChannelConfig, overrides: SmsOverrides = {}): Channel {
  const settings = readSmsConfig(config.env);
  let sms: Sms | undefined;
  const channel = (): SmsChannel => {
    if (!sms) throw new Error('SMS is not configured (SMPP_URL)');
    return sms.channel;
  };
  return {
    id: 'sms',
    capabilities: channelCapabilities.sms,
    mount(host: ChannelHost) {
      const smsc = settings.smsc;
      if (!smsc) {
        host.logger.info({}, 'SMS: SMPP_URL is not set, no bind to an SMSC');
        return;
      }
      sms = createSms({
        port: host.conversations,
        bindings: host.bindings,
        ledger: host.ledger,
        config: { ...settings, smsc },
        defaultInactivityMinutes: host.defaultInactivityMinutes,
        logger: host.logger,
        ...(host.metrics?.messageProcessed ? { onProcessed: (event) => host.metrics?.messageProcessed?.({ channel: 'sms', outcome: event.outcome, timings: event.timings }) } : {}),
        ...overrides,
      });
      sms.start();
    },
    replies: smsReplies(channel),
    linkState: () => (!sms ? undefined : sms.link.state === 'bound' ? 'up' : sms.link.state === 'connecting' ? 'connecting' : 'down'),
    close: async () => {
      await sms?.close();
    },
  };
}
